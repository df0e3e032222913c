using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Analytics.Jobs.Ingestion;

namespace Analytics.Jobs.Connectors.Git;

/// <summary>
/// A local git repository (bare or not), read with `git log --use-mailmap --no-merges` (ADR 0401;
/// docs/connectors.md): each non-merge commit on HEAD is a contribution of its author and of its
/// Co-authored-by co-authors on each documentation file it touches. The cursor is the last commit committed;
/// the next run reads `cursor..HEAD`.
/// </summary>
public sealed class GitConnector(GitLocation location) : ISourceConnector
{
    public const string KindName = "git";
    public const string ItemKind = DocumentationCommits.ItemKind;
    private const char RecordSeparator = '\u001e';
    private const char FieldSeparator = '\u001f';
    private const char TrailerSeparator = '\u001d';
    public const string SkipMerge = DocumentationCommits.SkipMerge;
    public const string SkipNoFile = DocumentationCommits.SkipNoFile;

    private readonly GitCli _git = new(location.Repository);
    private readonly DocumentationCommits _rules = new(location.Include);
    private readonly Dictionary<string, (string Name, string Email)> _mailmap = new(StringComparer.Ordinal);

    // Author names, e-mails and trailers may contain any control character, the separators included: each separator
    // is followed by a random mark of this run, which no commit can contain, so a hostile name cannot split a record
    // or forge one.
    private readonly string _mark = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(location.Repository))
            throw new DirectoryNotFoundException($"No such repository folder: {location.Repository}");
        if (await _git.TryRunAsync(["rev-parse", "--git-dir"], ct) is null)
            throw new InvalidDataException($"{location.Repository} is not a git repository.");

        var head = (await _git.TryRunAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], ct))?.Trim();
        if (string.IsNullOrEmpty(head))
            yield break; // an empty repository: nothing committed yet
        var previous = since.Value is { Length: > 0 } seen && await _git.TryRunAsync(["cat-file", "-e", seen + "^{commit}"], ct) is not null
            ? seen
            : null; // unknown to this repository (garbage-collected after a force push): read all, duplicates are skipped
        if (previous == head)
            yield break;

        // `--no-merges` never lists merge commits: they are counted here, so the summary says how many the history has.
        var range = previous is null ? head : $"{previous}..{head}";
        if (long.TryParse((await _git.TryRunAsync(["rev-list", "--count", "--merges", range, "--"], ct))?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var merges)
            && merges > 0)
            yield return new SkippedRecord(new RecordLocation($"{range}", 0), null, SkipMerge, merges);

        string[] args =
        [
            "log", "--use-mailmap", "--no-merges", "-M", "--topo-order", "--reverse", "--no-color", "-z", "--name-status",
            $"--format={RecordSeparator}{_mark}%H%x1f{_mark}%aN%x1f{_mark}%aE%x1f{_mark}%aI%x1f{_mark}%(trailers:key=Co-authored-by,valueonly,separator=%x1d{_mark})%x1f{_mark}",
            range, "--",
        ];

        // Records are held back one commit: a commit's records move the cursor only with its last one,
        // and the very last record of the run carries HEAD, so merges after it are not listed again.
        List<SourceRecord>? pending = null;
        string? pendingSha = null;
        await foreach (var text in JoinRecordsAsync(_git.StreamAsync(args, RecordSeparator, ct)))
        {
            var commit = ParseCommit(text, _mark);
            var records = await MapCommitAsync(commit, ct);
            if (records.Count == 0)
                continue;
            if (pending is not null)
            {
                foreach (var record in WithCursor(pending, previous, pendingSha!))
                    yield return record;
                previous = pendingSha;
            }

            pending = records;
            pendingSha = commit.Sha;
        }

        if (pending is not null)
        {
            foreach (var record in WithCursor(pending, previous, head))
                yield return record;
        }
    }

    private static IEnumerable<SourceRecord> WithCursor(List<SourceRecord> records, string? before, string after) =>
        records.Select((r, i) => r with { CursorAfter = i == records.Count - 1 ? after : before });

    // OldPath: the path before a rename (status R), else null.
    private sealed record Commit(string Sha, string Name, string Email, string Date, string[] CoAuthors, List<ChangedFile> Files);

    /// <summary>Glues back the pieces of a record that a separator inside a name or trailer split off: only a marked separator starts a record.</summary>
    private async IAsyncEnumerable<string> JoinRecordsAsync(IAsyncEnumerable<string> pieces)
    {
        string? current = null;
        await foreach (var piece in pieces)
        {
            if (piece.StartsWith(_mark, StringComparison.Ordinal))
            {
                if (current is not null)
                    yield return current;
                current = piece[_mark.Length..];
            }
            else if (current is not null)
            {
                current += RecordSeparator + piece;
            }
        }

        if (current is not null)
            yield return current;
    }

    private static Commit ParseCommit(string text, string mark)
    {
        var fieldSeparator = FieldSeparator + mark;
        var headerEnd = text.LastIndexOf(fieldSeparator, StringComparison.Ordinal);
        var fields = text[..Math.Max(headerEnd, 0)].Split(fieldSeparator);
        var coAuthors = fields.Length > 4 ? fields[4].Split(TrailerSeparator + mark, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var parts = text[(headerEnd + fieldSeparator.Length)..].TrimStart('\0', '\n').Split('\0');
        var files = new List<ChangedFile>();
        for (var i = 0; i + 1 < parts.Length;)
        {
            var status = parts[i].Trim('\n');
            // A rename (or copy) names two paths: "R086\0old\0new".
            if ((status.StartsWith('R') || status.StartsWith('C')) && i + 2 < parts.Length)
            {
                files.Add(new ChangedFile(status, parts[i + 2], parts[i + 1]));
                i += 3;
            }
            else
            {
                files.Add(new ChangedFile(status, parts[i + 1], null));
                i += 2;
            }
        }

        return new Commit(fields[0].Trim(), fields.ElementAtOrDefault(1) ?? "", fields.ElementAtOrDefault(2) ?? "", fields.ElementAtOrDefault(3) ?? "", coAuthors, files);
    }

    private async Task<List<SourceRecord>> MapCommitAsync(Commit commit, CancellationToken ct)
    {
        var records = new List<SourceRecord>();
        var files = _rules.Documentation(commit.Files);
        if (files.Count == 0)
        {
            records.Add(new SkippedRecord(new RecordLocation($"commit {commit.Sha}", 0), null, SkipNoFile));
            return records;
        }

        var where = new RecordLocation($"commit {commit.Sha}", 0);
        if (!DateTimeOffset.TryParse(commit.Date, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            records.Add(new RejectedRecord(where, null, $"the author date '{commit.Date}' is not an ISO 8601 time", commit.Sha));
            return records;
        }

        var author = Account(commit.Name, commit.Email);
        var people = new List<AccountRef> { author };
        foreach (var trailer in commit.CoAuthors)
        {
            var match = ContactPattern().Match(trailer);
            if (!match.Success)
            {
                records.Add(new RejectedRecord(where, null, $"Co-authored-by trailer without 'Name <email>': '{trailer}'; the co-author is not credited", trailer));
                continue;
            }

            var (name, email) = await MailmapAsync(match.Groups["name"].Value.Trim(), match.Groups["email"].Value.Trim(), ct);
            var coAuthor = Account(name, email);
            if (people.All(p => p.ExternalId != coAuthor.ExternalId))
                people.Add(coAuthor);
        }

        records.AddRange(_rules.Map("", "", null, commit.Sha, date, people, files));
        return records;
    }

    /// <summary>"{sha}:{path}:{account}"; a path too long for the key is replaced by its hash.</summary>
    public static string EventId(string sha, string path, string account) => DocumentationCommits.EventId("", sha, path, account);

    private static AccountRef Account(string name, string email) => DocumentationCommits.Account(name, email);

    /// <summary>Automation that commits: GitHub apps ("dependabot[bot]"), GitHub Actions, Renovate, and names BotDetection knows.</summary>
    public static bool IsBot(string name, string email) => DocumentationCommits.IsBot(name, email);

    /// <summary>Co-authors are written by hand in trailers: the same .mailmap applies to them as to authors.</summary>
    private async Task<(string Name, string Email)> MailmapAsync(string name, string email, CancellationToken ct)
    {
        var contact = $"{name} <{email}>";
        if (_mailmap.TryGetValue(contact, out var mapped))
            return mapped;
        var output = await _git.TryRunAsync(["check-mailmap", contact], ct);
        var match = output is null ? null : ContactPattern().Match(output.Trim());
        mapped = match is { Success: true } ? (match.Groups["name"].Value.Trim(), match.Groups["email"].Value.Trim()) : (name, email);
        _mailmap[contact] = mapped;
        return mapped;
    }

    private static Regex ContactPattern() => DocumentationCommits.ContactPattern();
}

public sealed class GitConnectorFactory : ISourceConnectorFactory
{
    public string Kind => GitConnector.KindName;

    public ISourceConnector Create(string location) => new GitConnector(GitLocation.Parse(location));
}

using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.Identity;

namespace Analytics.Jobs.Connectors.Git;

/// <summary>
/// One file a commit changed, with git's status letter (A, M, D, R, C, T), for a rename or copy the path before, and
/// where the API gives one, the file's address.
/// </summary>
internal readonly record struct ChangedFile(string Status, string Path, string? OldPath, string? Url = null);

/// <summary>
/// The documentation rules of a commit, one rule set for every connector that reads commits (the <c>git</c> connector
/// from a clone, the <c>github</c> connector over the REST API; ADR 1913): which files count (the path globs), what a
/// file's change is (added: <c>authored</c>; anything else: <c>edited</c>; a rename keeps the creator of the file it was
/// renamed from when this run saw it created), the event id, and which authors are automation.
/// </summary>
internal sealed partial class DocumentationCommits(IEnumerable<string> include)
{
    public const string ItemKind = "file";
    public const string SkipMerge = "merge commits (what they bring in is counted once, on the commits merged)";
    public const string SkipNoFile = "commits that change no file this source imports (outside its --include globs, or no file)";
    private const int MaxEventIdLength = 400;

    private readonly PathGlob _include = new(include);

    // Who created each path in this run (or, after a rename, the file it was renamed from): a renamed file keeps its author.
    private readonly Dictionary<string, (AccountRef Author, DateTimeOffset At)> _created = new(StringComparer.Ordinal);

    /// <summary>The files of a commit that are documentation; none means the commit is skipped (<see cref="SkipNoFile"/>).</summary>
    public List<ChangedFile> Documentation(IEnumerable<ChangedFile> files) => [.. files.Where(f => _include.Matches(f.Path))];

    /// <summary>
    /// One activity per documentation file and person (the author first, then each co-author). <paramref name="scope"/>
    /// prefixes the event id and <paramref name="itemScope"/> the item's id: both empty for a clone; for GitHub, where one
    /// source reads many repositories that may share commits (forks) and paths, they name the repository.
    /// <paramref name="topic"/> null makes the file's folder its topic.
    /// </summary>
    public List<SourceRecord> Map(string scope, string itemScope, string? topic, string sha, DateTimeOffset date, IReadOnlyList<AccountRef> people,
        IReadOnlyList<ChangedFile> files)
    {
        var records = new List<SourceRecord>();
        var author = people[0];
        foreach (var (status, path, oldPath, url) in files)
        {
            var where = new RecordLocation(scope.Length == 0 ? $"commit {sha} {path}" : $"{scope}{sha} {path}", 0);
            if (path.Contains('\uFFFD', StringComparison.Ordinal))
            {
                records.Add(new RejectedRecord(where, null, "the file path is not valid UTF-8", path));
                continue;
            }

            // A rename is an edit of the file under its new path, never an authoring (docs/connectors.md, "Renames"): the
            // file keeps the author and creation date this run saw for its old path; one created in an earlier run has none.
            var added = status.StartsWith('A');
            var origin = oldPath is not null && _created.Remove(oldPath, out var created) ? created : ((AccountRef Author, DateTimeOffset At)?)null;
            if (added)
                origin = (author, date);
            if (origin is { } o)
                _created[path] = o;
            var slash = path.LastIndexOf('/');
            var item = new ItemRef(itemScope + path, ItemKind, path, url, Author: origin?.Author, CreatedAt: origin?.At,
                Topics: topic ?? (slash > 0 ? path[..slash] : null));
            foreach (var person in people)
            {
                records.Add(new ActivityRecord(where, null, EventId(scope, sha, path, person.ExternalId),
                    added ? ActivityType.Authored : ActivityType.Edited, date.UtcDateTime, person, item));
            }
        }

        return records;
    }

    /// <summary>"{scope}{sha}:{path}:{account}"; a path too long for the key is replaced by its hash.</summary>
    public static string EventId(string scope, string sha, string path, string account)
    {
        var id = $"{scope}{sha}:{path}:{account}";
        if (id.Length <= MaxEventIdLength)
            return id;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{path}\n{account}")));
        return $"{scope}{sha}:sha256:{hash}";
    }

    /// <summary>An author known only by name and e-mail is keyed by the e-mail, which also links them to an employee.</summary>
    public static AccountRef Account(string name, string email)
    {
        var normalised = EmailAddress.Normalise(email);
        var key = normalised ?? (email.Length > 0 ? email.ToLowerInvariant() : $"name:{name}");
        return new AccountRef(key, name.Length > 0 ? name : null, normalised, IsBot: IsBot(name, email));
    }

    /// <summary>Automation that commits: GitHub apps ("dependabot[bot]"), GitHub Actions, Renovate, and names BotDetection knows.</summary>
    public static bool IsBot(string name, string email)
    {
        string[] automation = ["dependabot", "github-actions", "renovate", "greenkeeper", "snyk-bot", "web-flow"];
        var local = email.Split('@')[0];
        return name.Contains("[bot]", StringComparison.OrdinalIgnoreCase)
               || email.Contains("[bot]", StringComparison.OrdinalIgnoreCase)
               || automation.Any(a => name.StartsWith(a, StringComparison.OrdinalIgnoreCase) || local.StartsWith(a, StringComparison.OrdinalIgnoreCase))
               || BotDetection.LooksLikeBot(new AccountRef(email, name, email));
    }

    /// <summary>"Name &lt;email&gt;", as in a Co-authored-by trailer or `git check-mailmap`.</summary>
    [GeneratedRegex(@"^(?<name>[^<]*)<(?<email>[^>]+)>\s*$", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex ContactPattern();
}

using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.GitHub;

/// <summary>
/// Documentation commits over the REST API (ADR 1913): the commits listing of the window, then each commit's files, mapped
/// by the git connector's rules (<see cref="DocumentationCommits"/>), so a repository counts the same whether it is read
/// from a clone or from GitHub.
/// </summary>
public sealed partial class GitHubConnector
{
    public const string CommitPermission =
        "read access to the repository's contents (fine-grained token: Metadata and Contents read-only; classic token: repo for private repositories)";

    public const string SkipBotCommit = "commits by bots (GitHub apps, automation): no activity";

    private sealed record ListedCommit(string Sha, DateTimeOffset Committed, int Parents, int Order);

    private sealed record CommitDetail(string? AuthorDate, string Name, string Email, string Message, JsonElement? User, List<ChangedFile> Files);

    private async IAsyncEnumerable<SourceRecord> CommitsAsync(string repository, DateTimeOffset? from, Position position,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var start = (position with { Repository = repository, Phase = "commits", LastUpdated = null }).ToString();
        var listed = new List<ListedCommit>();
        var rejected = new List<SourceRecord>();
        await foreach (var entry in ListCommitsAsync(repository, from, ct))
        {
            if (entry.Commit is { } commit)
                listed.Add(commit);
            else
                rejected.Add(new RejectedRecord(entry.Location, start, "commit without a sha or commit.committer.date", entry.Excerpt));
        }

        foreach (var record in rejected)
            yield return record;

        // The listing is newest first and cannot be sorted otherwise: it is read whole (shas and dates only) and handled
        // oldest first, so the phase's position (the committer date reached) only moves forward and a resumed run, which
        // lists again from that date minus the overlap, misses nothing.
        var rules = new DocumentationCommits(options.DocumentationPaths.Count > 0 ? options.DocumentationPaths : GitLocation.DefaultInclude);
        foreach (var commit in listed.OrderBy(c => c.Committed).ThenByDescending(c => c.Order))
        {
            var cursor = (position with { Repository = repository, Phase = "commits", LastUpdated = commit.Committed }).ToString();
            var location = new RecordLocation($"{repository} commit {commit.Sha}", 0);
            if (commit.Parents > 1)
            {
                yield return new SkippedRecord(location, cursor, DocumentationCommits.SkipMerge);
                continue;
            }

            foreach (var record in await CommitAsync(repository, commit, rules, location, ct))
                yield return WithCursor(record, cursor);
        }
    }

    private async IAsyncEnumerable<(ListedCommit? Commit, RecordLocation Location, string Excerpt)> ListCommitsAsync(string repository, DateTimeOffset? from,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"repos/{repository}/commits?per_page={options.PageSize}");
        if (from is { } at)
            path += "&since=" + Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Uri? next = new(http.BaseUrl, path);
        var order = 0;
        var pageNumber = 0;
        while (next is not null)
        {
            pageNumber++;
            // An empty repository answers 409 ("Git Repository is empty."): no commits, not an error.
            using var page = await http.GetAsync(next, CommitPermission, ct, HttpStatusCode.Conflict);
            if (!page.Ok)
                yield break;
            foreach (var element in Elements(page.Body, next))
            {
                order++;
                var location = new RecordLocation(string.Create(CultureInfo.InvariantCulture, $"{repository} commits page {pageNumber} #{order}"), 0);
                var committed = Child(Child(element, "commit"), "committer") is { } committer ? Time(committer, "date") : null;
                var parents = Child(element, "parents", JsonValueKind.Array) is { } p ? p.GetArrayLength() : 0;
                yield return Text(element, "sha") is { Length: > 0 } sha && committed is { } date
                    ? (new ListedCommit(sha, date, parents, order), location, "")
                    : (null, location, Excerpt(element));
            }

            next = NextLink(page);
        }
    }

    private async Task<List<SourceRecord>> CommitAsync(string repository, ListedCommit listed, DocumentationCommits rules, RecordLocation location, CancellationToken ct)
    {
        var detail = await CommitDetailAsync(repository, listed.Sha, ct);
        if (detail is null)
        {
            // Force-pushed away between the listing and this request: skipped and counted, the run goes on.
            return [new RejectedRecord(location, null, "skipped: the commit answered 404 or 422 (gone since it was listed: force-pushed away)", listed.Sha)];
        }

        var files = rules.Documentation(detail.Files);
        if (files.Count == 0)
            return [new SkippedRecord(location, null, DocumentationCommits.SkipNoFile)];
        if (!DateTimeOffset.TryParse(detail.AuthorDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return [new RejectedRecord(location, null, $"the author date '{detail.AuthorDate}' is not an ISO 8601 time", listed.Sha)];

        var records = new List<SourceRecord>();
        var people = new List<AccountRef>();
        if (Author(detail) is { } author)
            people.Add(author);
        foreach (var trailer in CoAuthorTrailers(detail.Message))
        {
            var match = DocumentationCommits.ContactPattern().Match(trailer);
            if (!match.Success)
            {
                records.Add(new RejectedRecord(location, null, $"Co-authored-by trailer without 'Name <email>': '{trailer}'; the co-author is not credited", trailer));
                continue;
            }

            var coAuthor = DocumentationCommits.Account(match.Groups["name"].Value.Trim(), match.Groups["email"].Value.Trim());
            if (!coAuthor.IsBot && people.All(p => p.ExternalId != coAuthor.ExternalId))
                people.Add(coAuthor);
        }

        if (people.Count == 0)
        {
            records.Add(new SkippedRecord(location, null, SkipBotCommit));
            return records;
        }

        records.AddRange(rules.Map($"commit:{repository}:", $"{repository}:", repository, listed.Sha, date, people, files));
        return records;
    }

    /// <summary>
    /// The commit's GitHub user (by numeric id, as every GitHub record); a commit whose e-mail is linked to no GitHub user
    /// is credited to its git author by e-mail, as the git connector does. Null for automation: bots are left out.
    /// </summary>
    private static AccountRef? Author(CommitDetail detail)
    {
        if (DocumentationCommits.IsBot(detail.Name, detail.Email))
            return null;
        if (detail.User is { } user)
        {
            var login = Text(user, "login");
            if (Text(user, "type") == "Bot" || (login?.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ?? false))
                return null;
            if (user.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var id))
                return new AccountRef(id.ToString(CultureInfo.InvariantCulture), login, Username: login);
        }

        return DocumentationCommits.Account(detail.Name, detail.Email);
    }

    /// <summary>The values of the Co-authored-by trailers: the "Key: value" lines of the message's last paragraph, as git reads them.</summary>
    private static IEnumerable<string> CoAuthorTrailers(string message)
    {
        var paragraphs = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split("\n\n");
        if (paragraphs.Length < 2)
            yield break; // the subject alone has no trailers
        foreach (var line in paragraphs[^1].Split('\n'))
        {
            const string key = "Co-authored-by:";
            if (line.StartsWith(key, StringComparison.OrdinalIgnoreCase))
                yield return line[key.Length..].Trim();
        }
    }

    /// <summary>One commit with its files; a commit of many files pages them (Link header), 300 a page.</summary>
    private async Task<CommitDetail?> CommitDetailAsync(string repository, string sha, CancellationToken ct)
    {
        Uri? next = new(http.BaseUrl, $"repos/{repository}/commits/{Uri.EscapeDataString(sha)}");
        CommitDetail? detail = null;
        while (next is not null)
        {
            using var page = await http.GetAsync(next, CommitPermission, ct, HttpStatusCode.NotFound, HttpStatusCode.UnprocessableEntity);
            if (!page.Ok)
                return null;
            var body = page.Body;
            if (body.ValueKind != JsonValueKind.Object)
                throw new Live.LiveSourceException($"{next.GetLeftPart(UriPartial.Path)} did not answer a JSON object.");
            if (detail is null)
            {
                var commit = Child(body, "commit") ?? default;
                var gitAuthor = Child(commit, "author") ?? default;
                detail = new CommitDetail(Text(gitAuthor, "date"), Text(gitAuthor, "name") ?? "", Text(gitAuthor, "email") ?? "", Text(commit, "message") ?? "",
                    Child(body, "author")?.Clone(), []);
            }

            if (Child(body, "files", JsonValueKind.Array) is { } files)
            {
                foreach (var file in files.EnumerateArray())
                {
                    if (Text(file, "filename") is { Length: > 0 } name && Status(Text(file, "status")) is { } status)
                        detail.Files.Add(new ChangedFile(status, name, status is "R" or "C" ? Text(file, "previous_filename") : null, Text(file, "blob_url")));
                }
            }

            next = NextLink(page);
        }

        return detail;
    }

    private static JsonElement? Child(JsonElement? element, string name, JsonValueKind kind = JsonValueKind.Object) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var child) && child.ValueKind == kind ? child : null;

    /// <summary>GitHub's file statuses as git's letters, which the shared rules read; an unchanged file is no change.</summary>
    private static string? Status(string? status) => status switch
    {
        "added" => "A",
        "removed" => "D",
        "renamed" => "R",
        "copied" => "C",
        "modified" or "changed" => "M",
        _ => null,
    };
}

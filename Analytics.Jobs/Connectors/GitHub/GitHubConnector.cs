using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.GitHub;

/// <summary>
/// Code review and issues from the GitHub REST API (version 2022-11-28; docs/connectors.md): per repository, issues and pull
/// requests updated since the window's start (with each pull request's reviews), then issue comments, then review comments,
/// each listing sorted by update time and followed through its Link header. Pull requests are <c>authored</c>, issues
/// <c>asked</c>, comments <c>commented</c>, approvals and change requests <c>reviewed</c>; bots are left out.
/// </summary>
/// <remarks>
/// The cursor is <c>gh1|{window start}|{run start}|{repository}|{phase}|{last updated_at}</c>: a run resumes in the phase and
/// at the update time it reached; a complete run stores <c>done</c>, and the next run's window starts at this run's start
/// minus the overlap, so an edit made while a run was reading is read again (its event id makes it a duplicate).
/// </remarks>
public sealed partial class GitHubConnector(LiveHttp http, LiveSourceOptions options, TimeProvider clock) : ISourceConnector, IReportsFetchStats
{
    public const string KindName = LiveSourceKinds.GitHub;
    public const string CursorPrefix = "gh1|";
    public const string RepoPermission =
        "read access to the repository's issues and pull requests (fine-grained token: Metadata, Issues and Pull requests read-only; classic token: repo for private repositories)";
    public const string OrgPermission = "read access to the organisation's repositories (fine-grained token: Metadata read-only on the organisation; classic token: read:org and repo)";

    /// <summary>What GitHub's 404 may hide, said in the run's error (LiveHttp).</summary>
    public const string NotFoundHint = "GitHub answers 404 for private repositories it may not read";

    public const string DiscussionPermission =
        "read access to the repository's discussions over GraphQL (a token is needed even for public repositories; fine-grained token: Discussions read-only; classic token: repo for private repositories)";

    // Phases are found in a cursor by name: one switched off (Commits false, Discussions false or no token) is skipped, and
    // a run resumes in the phase it reached.
    private string[] Phases { get; } =
    [
        "issues", "issue-comments", "review-comments",
        .. options.Commits ? ["commits"] : Array.Empty<string>(),
        .. options.Discussions ?? !string.IsNullOrEmpty(options.Token) ? ["discussions"] : Array.Empty<string>(),
    ];

    public string Kind => KindName;

    public FetchStats Stats => http.Stats;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = Position.Parse(since.Value) ?? Position.Fresh(null, clock.GetUtcNow());
        if (position.Repository == Position.Done)
            position = Position.Fresh(position.RunStart - options.Overlap, clock.GetUtcNow());

        var repositories = await RepositoriesAsync(ct);
        // One record is held back, so that the last record of a complete run can carry the "done" cursor.
        SourceRecord? held = null;
        foreach (var repository in repositories)
        {
            if (string.CompareOrdinal(repository, position.Repository) < 0 && position.Repository.Length > 0)
                continue;
            for (var phase = 0; phase < Phases.Length; phase++)
            {
                var resuming = repository == position.Repository && position.Phase is not null;
                if (resuming && phase < Array.IndexOf(Phases, position.Phase))
                    continue;
                var from = position.WindowStart;
                if (resuming && phase == Array.IndexOf(Phases, position.Phase) && position.LastUpdated is { } last)
                    from = last - options.Overlap > (from ?? DateTimeOffset.MinValue) ? last - options.Overlap : from;
                await foreach (var record in PhaseAsync(repository, Phases[phase], from, position, ct))
                {
                    if (held is not null)
                        yield return held;
                    held = record;
                }
            }
        }

        if (held is not null)
            yield return WithCursor(held, (position with { Repository = Position.Done, Phase = null, LastUpdated = null }).ToString());
    }

    private async Task<List<string>> RepositoriesAsync(CancellationToken ct)
    {
        var names = new SortedSet<string>(options.Repositories.Select(r => r.Trim()), StringComparer.Ordinal);
        foreach (var organisation in options.Organisations)
        {
            var next = new Uri(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"orgs/{Uri.EscapeDataString(organisation)}/repos?type=all&per_page={options.PageSize}"));
            while (next is not null)
            {
                using var page = await http.GetAsync(next, OrgPermission, ct);
                foreach (var repository in Elements(page.Body, next))
                {
                    if (Text(repository, "full_name") is { } name)
                        names.Add(name);
                }

                next = NextLink(page);
            }
        }

        return [.. names];
    }

    private async IAsyncEnumerable<SourceRecord> PhaseAsync(string repository, string phase, DateTimeOffset? from, Position position,
        [EnumeratorCancellation] CancellationToken ct)
    {
        if (phase == "discussions")
        {
            await foreach (var record in DiscussionsAsync(repository, from, position, ct))
                yield return record;
            yield break;
        }

        if (phase == "commits")
        {
            await foreach (var record in CommitsAsync(repository, from, position, ct))
                yield return record;
            yield break;
        }

        var path = phase switch
        {
            "issues" => $"repos/{repository}/issues?state=all&sort=updated&direction=asc",
            "issue-comments" => $"repos/{repository}/issues/comments?sort=updated&direction=asc",
            _ => $"repos/{repository}/pulls/comments?sort=updated&direction=asc",
        };
        path += string.Create(CultureInfo.InvariantCulture, $"&per_page={options.PageSize}");
        if (from is { } at)
            path += "&since=" + Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Uri? next = new(http.BaseUrl, path);
        var pageNumber = 0;
        while (next is not null)
        {
            pageNumber++;
            using var page = await http.GetAsync(next, RepoPermission, ct);
            var entry = 0;
            foreach (var element in Elements(page.Body, next))
            {
                entry++;
                var location = new RecordLocation(string.Create(CultureInfo.InvariantCulture, $"{repository} {phase} page {pageNumber} #{entry}"), 0);
                var cursor = position with { Repository = repository, Phase = phase, LastUpdated = Time(element, "updated_at") ?? position.LastUpdated };
                var cursorText = cursor.ToString();
                var records = phase switch
                {
                    "issues" => await IssueAsync(repository, element, location, cursorText, ct),
                    "issue-comments" => [Comment(repository, element, location, cursorText, "issue_url", "issue-comment")],
                    _ => [Comment(repository, element, location, cursorText, "pull_request_url", "review-comment")],
                };
                foreach (var record in records.OfType<SourceRecord>())
                    yield return record;
            }

            next = NextLink(page);
        }
    }

    private async Task<List<SourceRecord?>> IssueAsync(string repository, JsonElement issue, RecordLocation location, string cursor, CancellationToken ct)
    {
        if (!issue.TryGetProperty("number", out var n) || !n.TryGetInt64(out var number) || Time(issue, "created_at") is not { } created)
            return [new RejectedRecord(location, cursor, "issue without a number or created_at", Excerpt(issue))];
        var isPull = issue.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object;
        var author = User(issue, out var authorIsBot);
        var item = new ItemRef(ItemId(repository, number), isPull ? "pull-request" : "issue", Text(issue, "title"), Text(issue, "html_url"),
            author, created, repository);
        var records = new List<SourceRecord?>();
        if (!authorIsBot)
        {
            records.Add(new ActivityRecord(location with { Source = $"{location.Source} {ItemId(repository, number)}" }, cursor,
                isPull ? $"pr:{ItemId(repository, number)}" : $"issue:{ItemId(repository, number)}",
                isPull ? ActivityType.Authored : ActivityType.Asked, created.UtcDateTime, author, item));
        }

        if (isPull)
            records.AddRange(await ReviewsAsync(repository, number, item, location, cursor, ct));
        return records;
    }

    private async Task<List<SourceRecord?>> ReviewsAsync(string repository, long number, ItemRef item, RecordLocation location, string cursor, CancellationToken ct)
    {
        var records = new List<SourceRecord?>();
        Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"repos/{repository}/pulls/{number}/reviews?per_page={options.PageSize}"));
        while (next is not null)
        {
            using var page = await http.GetAsync(next, RepoPermission, ct, HttpStatusCode.NotFound, HttpStatusCode.Gone);
            if (!page.Ok)
            {
                // Deleted or transferred between the listing and this request: skipped and counted, the run goes on.
                records.Add(new RejectedRecord(location with { Source = $"{repository}#{number} reviews" }, cursor,
                    $"skipped: the pull request's reviews answered {(int)page.Status} (deleted or moved since it was listed)", null));
                return records;
            }

            foreach (var review in Elements(page.Body, next))
            {
                var state = Text(review, "state");
                if (!review.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id))
                {
                    records.Add(new RejectedRecord(location, cursor, "review without an id", Excerpt(review)));
                    continue;
                }

                var type = state switch
                {
                    "APPROVED" or "CHANGES_REQUESTED" or "DISMISSED" => ActivityType.Reviewed,
                    "COMMENTED" when !string.IsNullOrWhiteSpace(Text(review, "body")) => ActivityType.Commented,
                    _ => (ActivityType?)null, // PENDING (not submitted), or a comment-only review whose comments count on their own
                };
                var reviewer = User(review, out var isBot);
                if (type is null || isBot)
                    continue;
                if (Time(review, "submitted_at") is not { } submitted)
                {
                    records.Add(new RejectedRecord(location, cursor, "submitted review without submitted_at", Excerpt(review)));
                    continue;
                }

                records.Add(new ActivityRecord(location with { Source = string.Create(CultureInfo.InvariantCulture, $"{repository}#{number} review {id}") },
                    cursor, string.Create(CultureInfo.InvariantCulture, $"review:{repository}:{id}"), type.Value, submitted.UtcDateTime, reviewer, item));
            }

            next = NextLink(page);
        }

        return records;
    }

    private static SourceRecord? Comment(string repository, JsonElement comment, RecordLocation location, string cursor, string parentField, string prefix)
    {
        if (!comment.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id) || Time(comment, "created_at") is not { } created)
            return new RejectedRecord(location, cursor, "comment without an id or created_at", Excerpt(comment));
        if (Text(comment, parentField) is not { } parent || !long.TryParse(parent.TrimEnd('/').Split('/')[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return new RejectedRecord(location, cursor, $"comment without a valid {parentField}", Excerpt(comment));
        var user = User(comment, out var isBot);
        if (isBot)
            return null;
        var item = new ItemRef(ItemId(repository, number), prefix == "review-comment" ? "pull-request" : "issue", Topics: repository);
        return new ActivityRecord(location with { Source = string.Create(CultureInfo.InvariantCulture, $"{repository} {prefix} {id}") }, cursor,
            string.Create(CultureInfo.InvariantCulture, $"{prefix}:{repository}:{id}"), ActivityType.Commented, created.UtcDateTime, user, item);
    }

    private static string ItemId(string repository, long number) => string.Create(CultureInfo.InvariantCulture, $"{repository}#{number}");

    /// <summary>The account by GitHub's numeric id (stable across renames); none for a deleted user ("ghost").</summary>
    private static AccountRef? User(JsonElement element, out bool isBot)
    {
        isBot = false;
        if (!element.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object)
            return null;
        var login = Text(user, "login");
        isBot = Text(user, "type") == "Bot" || (login?.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ?? false);
        if (login == "ghost" || !user.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id))
            return null;
        return new AccountRef(id.ToString(CultureInfo.InvariantCulture), login, Username: login);
    }

    private static JsonElement.ArrayEnumerator Elements(JsonElement body, Uri from) =>
        body.ValueKind == JsonValueKind.Array
            ? body.EnumerateArray()
            : throw new LiveSourceException($"{from.GetLeftPart(UriPartial.Path)} did not answer a JSON array.");

    /// <summary>RFC 8288 Link header, as GitHub sends it: &lt;url&gt;; rel="next", &lt;url&gt;; rel="last".</summary>
    private static Uri? NextLink(LivePage page)
    {
        if (!page.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (Match match in LinkPattern().Matches(string.Join(",", values)))
        {
            if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.Ordinal))
                return new Uri(match.Groups["url"].Value);
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]+)>\s*;\s*rel="(?<rel>[^"]+)"\s*""")]
    private static partial Regex LinkPattern();

    private static SourceRecord WithCursor(SourceRecord record, string cursor) => record switch
    {
        ActivityRecord a => a with { CursorAfter = cursor },
        RejectedRecord r => r with { CursorAfter = cursor },
        SkippedRecord s => s with { CursorAfter = cursor },
        _ => record,
    };

    private static string Excerpt(JsonElement element) => element.GetRawText();

    /// <summary>Where a run is: the window it reads, when it started, and how far it got.</summary>
    private sealed record Position(DateTimeOffset? WindowStart, DateTimeOffset RunStart, string Repository, string? Phase, DateTimeOffset? LastUpdated)
    {
        public const string Done = "\u0001done";

        public static Position Fresh(DateTimeOffset? windowStart, DateTimeOffset runStart) => new(windowStart, runStart, "", null, null);

        public static Position? Parse(string? cursor)
        {
            if (cursor is null || !cursor.StartsWith(CursorPrefix, StringComparison.Ordinal))
                return null;
            var parts = cursor[CursorPrefix.Length..].Split('|');
            if (parts.Length != 5 || Read(parts[1]) is not { } runStart)
                return null;
            return new Position(Read(parts[0]), runStart, parts[2] == "done" ? Done : parts[2], parts[3].Length == 0 ? null : parts[3], Read(parts[4]));
        }

        public override string ToString() =>
            $"{CursorPrefix}{Write(WindowStart)}|{Write(RunStart)}|{(Repository == Done ? "done" : Repository)}|{Phase}|{Write(LastUpdated)}";

        private static DateTimeOffset? Read(string text) =>
            text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        private static string Write(DateTimeOffset? at) =>
            at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
    }
}

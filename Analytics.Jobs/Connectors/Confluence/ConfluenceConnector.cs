using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.Confluence;

/// <summary>
/// Pages and blog posts of Confluence Cloud over its REST API v2 (docs/connectors.md): per space (configured keys, or every
/// space the account can read), the pages then the blog posts modified since the window's start, each with its versions
/// (version 1 <c>authored</c>, later ones <c>edited</c>), footer comments and their replies (<c>commented</c>), likes
/// (<c>upvoted</c>, reuse credited to the author) and, where the instance's analytics API answers, its view total
/// (<c>viewed</c>, only the views not imported yet). The space is the item's topic.
/// </summary>
/// <remarks>
/// v2 has no "modified since" filter: each listing is read newest first (<c>sort=-modified-date</c>) and stops at the
/// window's start, then handled oldest first so the cursor moves forward. The cursor is
/// <c>cf1|{window start}|{run start}|{space key}|{phase}|{modified}|{content id}</c>; a page's records carry the position
/// of the page before it, and only its last record its own, so a run killed in the middle of a page reads that page again.
/// A complete run stores <c>!done</c>; the next window starts at that run's start minus the overlap.
/// </remarks>
public sealed partial class ConfluenceConnector(
    LiveHttp http, LiveSourceOptions options, TimeProvider clock, int sourceSystemId, ImportedViewTotals viewTotals) : ISourceConnector, IReportsFetchStats
{
    public const string KindName = LiveSourceKinds.Confluence;
    public const string CursorPrefix = "cf1|";
    public const string SpacePermission = "read:space:confluence (classic scope: read:confluence-space.summary)";
    public const string ContentPermission =
        "read:page:confluence and read:blogpost:confluence (classic scope: read:confluence-content.summary), and view permission on the space";
    public const string CommentPermission = "read:comment:confluence (classic scope: read:confluence-content.summary)";
    public const string UserPermission = "read:user:confluence (classic scope: read:confluence-user)";
    public const string AnalyticsPermission = "read:analytics.content:confluence (classic scope: read:confluence-content.summary)";
    public const string SelfLike = "like by the page's own author (self-reuse)";
    public const string NoAnalytics = "page views: the instance's analytics API did not answer (not offered, or not permitted); not asked again in this run";

    private static readonly string[] Phases = ["page", "blogpost"];

    private readonly Dictionary<string, AccountRef> _accounts = new(StringComparer.Ordinal);
    private bool _analyticsMissing;

    /// <summary>Data Center's REST API is read instead of Cloud's v2 (ADR 1914); the mapping below is the same for both.</summary>
    private bool DataCenter => options.Flavour == ConfluenceFlavours.DataCenter;

    public string Kind => KindName;

    public FetchStats Stats => http.Stats;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = Position.Parse(since.Value) ?? Position.Fresh(null, clock.GetUtcNow());
        if (position.Space == Position.Done)
            position = Position.Fresh(position.RunStart - options.Overlap, clock.GetUtcNow());

        var spaces = DataCenter ? await DataCenterSpacesAsync(ct) : await SpacesAsync(ct);
        // One record is held back, so that the last record of a complete run can carry the "done" cursor.
        SourceRecord? held = null;
        foreach (var space in spaces)
        {
            if (position.Space.Length > 0 && string.CompareOrdinal(space.Key, position.Space) < 0)
                continue;
            for (var phase = 0; phase < Phases.Length; phase++)
            {
                var resuming = space.Key == position.Space && position.Phase is not null;
                if (resuming && phase < Array.IndexOf(Phases, position.Phase))
                    continue;
                var done = resuming && phase == Array.IndexOf(Phases, position.Phase) ? position : null;
                var previous = position with { Space = space.Key, Phase = Phases[phase], LastModified = null, LastId = null };
                var (contents, rejected) = DataCenter
                    ? await DataCenterChangedAsync(space, Phases[phase], position.WindowStart, ct)
                    : await ChangedAsync(space, Phases[phase], position.WindowStart, ct);
                foreach (var record in rejected)
                {
                    if (held is not null)
                        yield return held;
                    held = record with { CursorAfter = previous.ToString() };
                }

                foreach (var content in contents.Where(c => done is null || c.IsAfter(done.LastModified, done.LastId)))
                {
                    var records = await ContentRecordsAsync(space, content, ct);
                    var reached = previous with { LastModified = content.Modified, LastId = content.Id };
                    for (var i = 0; i < records.Count; i++)
                    {
                        if (held is not null)
                            yield return held;
                        held = records[i] with { CursorAfter = (i == records.Count - 1 ? reached : previous).ToString() };
                    }

                    previous = reached;
                }
            }
        }

        if (held is not null)
            yield return held with { CursorAfter = (position with { Space = Position.Done, Phase = null, LastModified = null, LastId = null }).ToString() };
    }

    private async Task<List<Space>> SpacesAsync(CancellationToken ct)
    {
        var spaces = new List<Space>();
        if (options.Spaces.Count > 0)
        {
            foreach (var key in options.Spaces.Select(k => k.Trim()).Distinct(StringComparer.Ordinal))
            {
                var uri = new Uri(http.BaseUrl, $"api/v2/spaces?keys={Uri.EscapeDataString(key)}&limit=1");
                using var page = await http.GetAsync(uri, SpacePermission, ct);
                var found = Results(page.Body, uri).Select(ToSpace).FirstOrDefault(s => s is not null && s.Key == key);
                spaces.Add(found ?? throw new LiveSourceException(
                    $"Space '{key}' (LiveSources Spaces) does not exist or the account cannot see it. Needed: {SpacePermission}."));
            }
        }
        else
        {
            Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"api/v2/spaces?limit={options.PageSize}"));
            while (next is not null)
            {
                using var page = await http.GetAsync(next, SpacePermission, ct);
                spaces.AddRange(Results(page.Body, next).Select(ToSpace).OfType<Space>());
                next = NextLink(page);
            }
        }

        return [.. spaces.OrderBy(s => s.Key, StringComparer.Ordinal)];
    }

    private static Space? ToSpace(JsonElement element) =>
        Text(element, "id") is { } id && Text(element, "key") is { } key ? new Space(id, key, Text(element, "name")) : null;

    /// <summary>The space's pages or blog posts modified at or after <paramref name="windowStart"/>, oldest first.</summary>
    private async Task<(List<Content> Contents, List<RejectedRecord> Rejected)> ChangedAsync(Space space, string phase, DateTimeOffset? windowStart,
        CancellationToken ct)
    {
        var contents = new List<Content>();
        var rejected = new List<RejectedRecord>();
        Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture,
            $"api/v2/spaces/{Uri.EscapeDataString(space.Id)}/{phase}s?sort=-modified-date&limit={options.PageSize}"));
        var pageNumber = 0;
        while (next is not null)
        {
            pageNumber++;
            using var page = await http.GetAsync(next, ContentPermission, ct);
            var entry = 0;
            var older = false;
            foreach (var element in Results(page.Body, next))
            {
                entry++;
                var id = Text(element, "id");
                var version = element.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
                var modified = version.ValueKind == JsonValueKind.Object ? Time(version, "createdAt") : null;
                if (id is null || modified is null || Time(element, "createdAt") is not { } created)
                {
                    rejected.Add(new RejectedRecord(new RecordLocation(string.Create(CultureInfo.InvariantCulture,
                        $"space {space.Key} {phase}s page {pageNumber} #{entry}"), 0), null, $"{phase} without an id, createdAt or version.createdAt", element.GetRawText()));
                    continue;
                }

                if (modified < windowStart)
                {
                    // Newest first: everything after this one is older than the window too.
                    older = true;
                    break;
                }

                contents.Add(new Content(id, phase, Text(element, "title"), Text(element, "authorId"), created, modified.Value, WebUrl(page.Body, element)));
            }

            next = older ? null : NextLink(page);
        }

        contents.Sort((a, b) => a.IsAfter(b.Modified, b.Id) ? 1 : b.IsAfter(a.Modified, a.Id) ? -1 : 0);
        return (contents, rejected);
    }

    /// <summary>
    /// Everything of one page or blog post: versions, comments, likes, views. A page the account may not read (403) or
    /// deleted since it was listed (404) is one rejection with the reason, and the run goes on.
    /// </summary>
    private async Task<List<SourceRecord>> ContentRecordsAsync(Space space, Content content, CancellationToken ct)
    {
        var location = new RecordLocation($"space {space.Key} {content.Phase} {content.Id}", 0);
        var author = content.AuthorId is null ? null : await AccountAsync(content.AuthorId, ct);
        var item = new ItemRef(content.Id, content.Phase, content.Title, content.Url, author, content.Created, space.Name ?? space.Key);
        var records = new List<SourceRecord>();

        var versions = DataCenter ? await DataCenterVersionsAsync(content, ct) : await VersionsAsync(content, ct);
        if (versions.Refused is { } refused)
            return [Unreadable(location, content, refused)];
        foreach (var version in versions.Entries)
        {
            if (version.Number is not { } number || version.At is not { } at)
            {
                records.Add(new RejectedRecord(location, null, "version without a number or createdAt", version.Raw));
                continue;
            }

            var actor = version.AuthorKey is { } authorId ? await AccountAsync(authorId, ct) : null;
            records.Add(new ActivityRecord(location with { Source = string.Create(CultureInfo.InvariantCulture, $"{location.Source} version {number}") }, null,
                string.Create(CultureInfo.InvariantCulture, $"{content.Phase}:{content.Id}:v{number}"),
                number == 1 ? ActivityType.Authored : ActivityType.Edited, at.UtcDateTime, actor, item));
        }

        // The page was readable a moment ago: a 403 now is a missing scope (stops the run), a 404 a page deleted in between.
        var comments = DataCenter ? await DataCenterCommentsAsync(content, ct) : await CommentsAsync(content, ct);
        if (comments.Refused is { } gone)
            return [Unreadable(location, content, gone)];
        foreach (var comment in comments.Entries)
        {
            if (comment.Id is not { } id || comment.At is not { } at)
            {
                records.Add(new RejectedRecord(location, null, "comment without an id or version.createdAt", comment.Raw));
                continue;
            }

            var actor = comment.AuthorKey is { } authorId ? await AccountAsync(authorId, ct) : null;
            records.Add(new ActivityRecord(location with { Source = $"{location.Source} comment {id}" }, null, $"comment:{id}", ActivityType.Commented,
                at.UtcDateTime, actor, item));
        }

        // Data Center has no REST endpoint for likes and no REST API for page views (docs/connectors.md).
        if (DataCenter)
            return records;

        var likes = await ListAsync($"api/v2/{content.Phase}s/{content.Id}/likes/users", ContentPermission, ct, HttpStatusCode.NotFound);
        if (likes.Refused is { } likesGone)
            return [Unreadable(location, content, likesGone)];
        foreach (var like in likes.Elements)
        {
            if (Text(like, "accountId") is not { } liker)
                continue;
            if (liker == content.AuthorId)
            {
                records.Add(new SkippedRecord(location, null, SelfLike));
                continue;
            }

            // Likes carry no time: dated at the version that made the page appear in this window (docs/connectors.md).
            records.Add(new ActivityRecord(location with { Source = $"{location.Source} like {liker}" }, null, $"like:{content.Id}:{liker}",
                ActivityType.Upvoted, content.Modified.UtcDateTime, await AccountAsync(liker, ct), item));
        }

        if (await ViewsAsync(location, content, item, ct) is { } views)
            records.Add(views);
        return records;
    }

    /// <summary>
    /// The analytics API gives a running total only: the views not imported yet become one <c>viewed</c> with that quantity,
    /// as the Stack Exchange view counts do. An instance without analytics answers 404 or 403: said once on the run.
    /// </summary>
    private async Task<SourceRecord?> ViewsAsync(RecordLocation location, Content content, ItemRef item, CancellationToken ct)
    {
        if (!options.PageViews || _analyticsMissing)
            return null;
        var uri = new Uri(http.BaseUrl, $"rest/api/analytics/content/{Uri.EscapeDataString(content.Id)}/views");
        using var page = await http.GetAsync(uri, AnalyticsPermission, ct, HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.NotImplemented);
        if (!page.Ok)
        {
            _analyticsMissing = true;
            return new SkippedRecord(location with { Source = $"{location.Source} views" }, null, NoAnalytics);
        }

        if (page.Body.ValueKind != JsonValueKind.Object || !page.Body.TryGetProperty("count", out var c) || !c.TryGetInt64(out var count) || count < 0)
            return new RejectedRecord(location with { Source = $"{location.Source} views" }, null, "views answer without a count", page.Body.ValueKind == JsonValueKind.Undefined ? null : page.Body.GetRawText());
        var imported = (await viewTotals.ForItemsAsync(sourceSystemId, [content.Id], ct)).GetValueOrDefault(content.Id);
        var added = count - imported;
        return added > 0
            ? new ActivityRecord(location with { Source = $"{location.Source} views" }, null,
                string.Create(CultureInfo.InvariantCulture, $"views:{content.Id}:{count}"), ActivityType.Viewed, clock.GetUtcNow().UtcDateTime, null, item, added)
            : null;
    }

    private static RejectedRecord Unreadable(RecordLocation location, Content content, HttpStatusCode status) =>
        new(location, null, status == HttpStatusCode.Forbidden
            ? $"skipped: the {content.Phase} answered 403 (restricted: the account may not read it)"
            : $"skipped: the {content.Phase} answered {(int)status} (deleted or moved since it was listed)", null);

    /// <summary>One version or comment as both APIs give it: its id, number, time and author's key, and its JSON for a rejection.</summary>
    private sealed record Entry(string? Id, int? Number, DateTimeOffset? At, string? AuthorKey, string Raw);

    private async Task<(List<Entry> Entries, HttpStatusCode? Refused)> VersionsAsync(Content content, CancellationToken ct)
    {
        var versions = await ListAsync($"api/v2/{content.Phase}s/{content.Id}/versions", ContentPermission, ct, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        return ([.. versions.Elements.Select(v => new Entry(null, v.TryGetProperty("number", out var n) && n.TryGetInt32(out var number) ? number : null,
            Time(v, "createdAt"), Text(v, "authorId"), v.GetRawText()))], versions.Refused);
    }

    /// <summary>Footer comments and, breadth first, their replies at any depth.</summary>
    private async Task<(List<Entry> Entries, HttpStatusCode? Refused)> CommentsAsync(Content content, CancellationToken ct)
    {
        var comments = await ListAsync($"api/v2/{content.Phase}s/{content.Id}/footer-comments", CommentPermission, ct, HttpStatusCode.NotFound);
        if (comments.Refused is { } gone)
            return ([], gone);
        var entries = new List<Entry>();
        var queue = new Queue<JsonElement>(comments.Elements);
        while (queue.TryDequeue(out var comment))
        {
            var id = Text(comment, "id");
            var version = comment.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
            entries.Add(new Entry(id, null, version.ValueKind == JsonValueKind.Object ? Time(version, "createdAt") : null,
                version.ValueKind == JsonValueKind.Object ? Text(version, "authorId") : null, comment.GetRawText()));
            if (id is null)
                continue;
            // Replies are comments too; a comment deleted since it was listed has no replies to read.
            var replies = await ListAsync($"api/v2/footer-comments/{id}/children", CommentPermission, ct, HttpStatusCode.NotFound);
            foreach (var reply in replies.Elements)
                queue.Enqueue(reply);
        }

        return (entries, null);
    }

    /// <summary>The account by its Atlassian account id (stable), with the display name and, where the user's profile visibility allows, the e-mail.</summary>
    private async Task<AccountRef> AccountAsync(string accountId, CancellationToken ct)
    {
        if (_accounts.TryGetValue(accountId, out var known))
            return known;
        if (DataCenter)
            return await DataCenterUserAsync(accountId, ct);
        var uri = new Uri(http.BaseUrl, $"rest/api/user?accountId={Uri.EscapeDataString(accountId)}");
        using var page = await http.GetAsync(uri, UserPermission, ct, HttpStatusCode.NotFound);
        var account = page.Ok && page.Body.ValueKind == JsonValueKind.Object
            ? new AccountRef(accountId, Text(page.Body, "displayName") ?? Text(page.Body, "publicName"), Text(page.Body, "email"),
                Text(page.Body, "publicName"), IsBot: Text(page.Body, "accountType") == "app")
            : new AccountRef(accountId); // a deleted user: known by id only
        _accounts[accountId] = account;
        return account;
    }

    /// <summary>Every element of a paged v2 listing; a tolerated refusal of its first page is returned instead.</summary>
    private async Task<(List<JsonElement> Elements, HttpStatusCode? Refused)> ListAsync(string path, string permission, CancellationToken ct,
        params HttpStatusCode[] tolerated)
    {
        var elements = new List<JsonElement>();
        Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"{path}?limit={options.PageSize}"));
        while (next is not null)
        {
            using var page = await http.GetAsync(next, permission, ct, tolerated);
            if (!page.Ok)
                return ([], page.Status);
            // Cloned: the elements outlive the response's document.
            elements.AddRange(Results(page.Body, next).Select(e => e.Clone()));
            next = NextLink(page);
        }

        return (elements, null);
    }

    private static JsonElement.ArrayEnumerator Results(JsonElement body, Uri from) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array
            ? results.EnumerateArray()
            : throw new LiveSourceException($"{from.GetLeftPart(UriPartial.Path)} did not answer a Confluence result list (no results array).");

    /// <summary>The next page: <c>_links.next</c> of the body (relative to the site), else the Link header's rel="next".</summary>
    private Uri? NextLink(LivePage page)
    {
        if (page.Body.ValueKind == JsonValueKind.Object && page.Body.TryGetProperty("_links", out var links) && Text(links, "next") is { Length: > 0 } next)
            return new Uri(http.BaseUrl, next);
        if (!page.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (Match match in LinkPattern().Matches(string.Join(",", values)))
        {
            if (match.Groups["rel"].Value.Split(' ').Contains("next", StringComparer.Ordinal))
                return new Uri(http.BaseUrl, match.Groups["url"].Value);
        }

        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]+)>\s*;\s*rel="(?<rel>[^"]+)"\s*""")]
    private static partial Regex LinkPattern();

    /// <summary>The page's address in the browser: the listing's <c>_links.base</c> (the site) and the page's <c>_links.webui</c>.</summary>
    private string? WebUrl(JsonElement body, JsonElement element)
    {
        if (!element.TryGetProperty("_links", out var links) || Text(links, "webui") is not { } webui)
            return null;
        var site = body.TryGetProperty("_links", out var bodyLinks) && Text(bodyLinks, "base") is { } b ? b : http.BaseUrl.ToString();
        return site.TrimEnd('/') + "/" + webui.TrimStart('/');
    }

    private sealed record Space(string Id, string Key, string? Name);

    private sealed record Content(string Id, string Phase, string? Title, string? AuthorId, DateTimeOffset Created, DateTimeOffset Modified, string? Url)
    {
        /// <summary>Order of handling: by modification time, then by id (numeric ids as numbers).</summary>
        public bool IsAfter(DateTimeOffset? modified, string? id)
        {
            if (modified is null)
                return true;
            if (Modified != modified)
                return Modified > modified;
            return id is null || Id.Length > id.Length || (Id.Length == id.Length && string.CompareOrdinal(Id, id) > 0);
        }
    }

    /// <summary>Where a run is: the window it reads, when it started, and the last page or blog post it finished.</summary>
    private sealed record Position(DateTimeOffset? WindowStart, DateTimeOffset RunStart, string Space, string? Phase, DateTimeOffset? LastModified, string? LastId)
    {
        // Space keys are letters and digits (personal ones start with ~): "!done" can never be one.
        public const string Done = "!done";

        public static Position Fresh(DateTimeOffset? windowStart, DateTimeOffset runStart) => new(windowStart, runStart, "", null, null, null);

        public static Position? Parse(string? cursor)
        {
            if (cursor is null || !cursor.StartsWith(CursorPrefix, StringComparison.Ordinal))
                return null;
            var parts = cursor[CursorPrefix.Length..].Split('|');
            if (parts.Length != 6 || Read(parts[1]) is not { } runStart)
                return null;
            return new Position(Read(parts[0]), runStart, parts[2], parts[3].Length == 0 ? null : parts[3], Read(parts[4]),
                parts[5].Length == 0 ? null : parts[5]);
        }

        public override string ToString() =>
            $"{CursorPrefix}{Write(WindowStart)}|{Write(RunStart)}|{Space}|{Phase}|{Write(LastModified)}|{LastId}";

        private static DateTimeOffset? Read(string text) =>
            text.Length > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

        private static string Write(DateTimeOffset? at) =>
            at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "";
    }
}

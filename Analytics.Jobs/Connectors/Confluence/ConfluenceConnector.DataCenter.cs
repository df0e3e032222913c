using System.Globalization;
using System.Net;
using System.Text.Json;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.Confluence;

/// <summary>
/// The reader of Confluence Data Center (and Server) REST API (ADR 1914): spaces by key, content by
/// <c>rest/api/content</c> (first run) or by a CQL search on <c>lastmodified</c> (later runs), versions, and comments at
/// any depth; users come inline (<c>userKey</c>, <c>username</c>). Records are made by the same mapping as Cloud's.
/// </summary>
public sealed partial class ConfluenceConnector
{
    public const string DataCenterPermission =
        "View permission on the space for the token's user (Data Center: a personal access token, or Basic user and password), and on each restricted page to read it";

    /// <summary>
    /// CQL compares <c>lastmodified</c> at minute precision in the searching user's time zone, which the API does not tell:
    /// the search starts this much earlier (every UTC offset fits), and each result's exact <c>version.when</c> decides.
    /// </summary>
    private static readonly TimeSpan CqlMargin = TimeSpan.FromHours(14);

    private async Task<List<Space>> DataCenterSpacesAsync(CancellationToken ct)
    {
        var spaces = new List<Space>();
        if (options.Spaces.Count > 0)
        {
            foreach (var key in options.Spaces.Select(k => k.Trim()).Distinct(StringComparer.Ordinal))
            {
                var uri = new Uri(http.BaseUrl, $"rest/api/space/{Uri.EscapeDataString(key)}");
                // Data Center answers 404 for a space that does not exist and for one the user may not view.
                using var page = await http.GetAsync(uri, DataCenterPermission, ct, HttpStatusCode.NotFound);
                spaces.Add(page.Ok && DataCenterSpace(page.Body) is { } found && found.Key == key
                    ? found
                    : throw new LiveSourceException($"Space '{key}' (LiveSources Spaces) does not exist or the account cannot see it. Needed: {DataCenterPermission}."));
            }
        }
        else
        {
            Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"rest/api/space?limit={options.PageSize}&start=0"));
            while (next is not null)
            {
                using var page = await http.GetAsync(next, DataCenterPermission, ct);
                spaces.AddRange(Results(page.Body, next).Select(DataCenterSpace).OfType<Space>());
                next = DataCenterNext(page);
            }
        }

        return [.. spaces.OrderBy(s => s.Key, StringComparer.Ordinal)];
    }

    /// <summary>A space: its id is a number in Data Center; only its key is used in requests.</summary>
    private static Space? DataCenterSpace(JsonElement element) =>
        Text(element, "key") is { } key ? new Space(IdText(element) ?? key, key, Text(element, "name")) : null;

    /// <summary>
    /// The space's pages or blog posts modified at or after <paramref name="windowStart"/>, oldest first: the first run lists
    /// them all (<c>rest/api/content</c>), later runs search them by CQL from the window's start minus the margin.
    /// </summary>
    private async Task<(List<Content> Contents, List<RejectedRecord> Rejected)> DataCenterChangedAsync(Space space, string phase, DateTimeOffset? windowStart,
        CancellationToken ct)
    {
        string path;
        if (windowStart is { } from)
        {
            var since = (from - CqlMargin).UtcDateTime.ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);
            var cql = $"space = \"{space.Key.Replace("\"", "\\\"", StringComparison.Ordinal)}\" and type = {phase} and lastmodified >= \"{since}\" order by lastmodified";
            path = $"rest/api/content/search?cql={Uri.EscapeDataString(cql)}&expand=version,history";
        }
        else
        {
            path = $"rest/api/content?spaceKey={Uri.EscapeDataString(space.Key)}&type={phase}&expand=version,history";
        }

        var contents = new List<Content>();
        var rejected = new List<RejectedRecord>();
        Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"{path}&limit={options.PageSize}&start=0"));
        var pageNumber = 0;
        while (next is not null)
        {
            pageNumber++;
            using var page = await http.GetAsync(next, DataCenterPermission, ct);
            var entry = 0;
            foreach (var element in Results(page.Body, next))
            {
                entry++;
                var id = IdText(element);
                var version = Child(element, "version");
                var history = Child(element, "history");
                var modified = version is { } v ? Time(v, "when") : null;
                var created = history is { } h ? Time(h, "createdDate") : null;
                if (id is null || modified is null || created is null)
                {
                    rejected.Add(new RejectedRecord(new RecordLocation(string.Create(CultureInfo.InvariantCulture,
                        $"space {space.Key} {phase}s page {pageNumber} #{entry}"), 0), null, $"{phase} without an id, history.createdDate or version.when", element.GetRawText()));
                    continue;
                }

                // The search is wider than the window (time zone margin): the exact time decides.
                if (modified < windowStart)
                    continue;
                var author = history is { } created2 && Child(created2, "createdBy") is { } by ? DataCenterUser(by) : null;
                contents.Add(new Content(id, phase, Text(element, "title"), author, created.Value, modified.Value, WebUrl(page.Body, element)));
            }

            next = DataCenterNext(page);
        }

        contents.Sort((a, b) => a.IsAfter(b.Modified, b.Id) ? 1 : b.IsAfter(a.Modified, a.Id) ? -1 : 0);
        return (contents, rejected);
    }

    /// <summary>Every version (the experimental endpoint: the public API gives only the latest and the previous one).</summary>
    private async Task<(List<Entry> Entries, HttpStatusCode? Refused)> DataCenterVersionsAsync(Content content, CancellationToken ct)
    {
        var versions = await DataCenterListAsync($"rest/experimental/content/{Uri.EscapeDataString(content.Id)}/version?expand=by", DataCenterPermission, ct,
            HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        return ([.. versions.Elements.Select(v => new Entry(null, v.TryGetProperty("number", out var n) && n.TryGetInt32(out var number) ? number : null,
            Time(v, "when"), Child(v, "by") is { } by ? DataCenterUser(by) : null, v.GetRawText()))], versions.Refused);
    }

    /// <summary>All comments of the page, replies at any depth included (<c>depth=all</c>), each with its current version.</summary>
    private async Task<(List<Entry> Entries, HttpStatusCode? Refused)> DataCenterCommentsAsync(Content content, CancellationToken ct)
    {
        var comments = await DataCenterListAsync($"rest/api/content/{Uri.EscapeDataString(content.Id)}/child/comment?depth=all&expand=version", DataCenterPermission, ct,
            HttpStatusCode.NotFound);
        return ([.. comments.Elements.Select(c => Child(c, "version") is { } version
            ? new Entry(IdText(c), null, Time(version, "when"), Child(version, "by") is { } by ? DataCenterUser(by) : null, c.GetRawText())
            : new Entry(IdText(c), null, null, null, c.GetRawText()))], comments.Refused);
    }

    /// <summary>
    /// A user as Data Center gives it inline (<c>{"type": "known", "username", "userKey", "displayName"}</c>): remembered by
    /// its userKey (stable across renames of the username); an anonymous or unknown user is no account.
    /// </summary>
    private string? DataCenterUser(JsonElement user)
    {
        if (Text(user, "userKey") is not { Length: > 0 } key)
            return null;
        if (!_accounts.ContainsKey(key))
        {
            var username = Text(user, "username");
            _accounts[key] = new AccountRef(key, Text(user, "displayName") ?? username, Text(user, "email"), username);
        }

        return key;
    }

    /// <summary>A user met by key only: looked up once (<c>rest/api/user?key=</c>); a deleted one is an account by key only.</summary>
    private async Task<AccountRef> DataCenterUserAsync(string key, CancellationToken ct)
    {
        var uri = new Uri(http.BaseUrl, $"rest/api/user?key={Uri.EscapeDataString(key)}");
        using var page = await http.GetAsync(uri, DataCenterPermission, ct, HttpStatusCode.NotFound);
        if (!page.Ok || page.Body.ValueKind != JsonValueKind.Object || DataCenterUser(page.Body) is null)
            _accounts[key] = new AccountRef(key);
        return _accounts[key];
    }

    /// <summary>Every element of a listing paged by <c>start</c>/<c>limit</c>; a tolerated refusal of its first page is returned instead.</summary>
    private async Task<(List<JsonElement> Elements, HttpStatusCode? Refused)> DataCenterListAsync(string path, string permission, CancellationToken ct,
        params HttpStatusCode[] tolerated)
    {
        var elements = new List<JsonElement>();
        Uri? next = new(http.BaseUrl, string.Create(CultureInfo.InvariantCulture, $"{path}&limit={options.PageSize}&start=0"));
        while (next is not null)
        {
            using var page = await http.GetAsync(next, permission, ct, tolerated);
            if (!page.Ok)
                return ([], page.Status);
            elements.AddRange(Results(page.Body, next).Select(e => e.Clone()));
            next = DataCenterNext(page);
        }

        return (elements, null);
    }

    /// <summary>
    /// <c>_links.next</c> is relative to the application's context path (<c>_links.context</c>, "/confluence" or ""), not to
    /// the site: "/rest/api/content?...&amp;start=25".
    /// </summary>
    private Uri? DataCenterNext(LivePage page)
    {
        if (Child(page.Body, "_links") is not { } links || Text(links, "next") is not { Length: > 0 } next)
            return null;
        if (Uri.TryCreate(next, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        return new Uri(http.BaseUrl, (Text(links, "context") ?? "").TrimEnd('/') + "/" + next.TrimStart('/'));
    }

    private static JsonElement? Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    /// <summary>An id given as a string (content) or a number (spaces).</summary>
    private static string? IdText(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.String => id.GetString(),
                JsonValueKind.Number => id.GetRawText(),
                _ => null,
            }
            : null;
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// Confluence Cloud as its REST API v2 reference documents the endpoints the connector reads (spaces, a space's pages and
/// blog posts sorted by modified-date, versions, footer comments and their children, like users), plus the v1 user and
/// analytics endpoints; lists are <c>{"results": [...], "_links": {"next": "/wiki/api/v2/...?cursor=...", "base": ...}}</c>
/// with an opaque cursor and the same next link in a Link header. Restricted content answers 403, deleted content 404.
/// </summary>
public sealed class FakeConfluence
{
    public const string Root = "wiki/";
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    public List<Space> Spaces { get; } = [];
    public List<Content> Contents { get; } = [];
    public List<Comment> Comments { get; } = [];
    public List<(string ContentId, string AccountId)> Likes { get; } = [];
    public Dictionary<string, long> Views { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, User> Users { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Restricted { get; } = [];
    public HashSet<string> Deleted { get; } = [];
    public bool Analytics { get; set; } = true;

    public sealed record Space(string Id, string Key, string Name);

    public sealed record User(string AccountId, string Name, string? Email = null, bool App = false);

    public sealed record Version(int Number, string AuthorId, DateTimeOffset At);

    public sealed record Content(string Id, string SpaceId, string Type, string Title, string AuthorId, DateTimeOffset Created)
    {
        public List<Version> Versions { get; } = [];
        public DateTimeOffset Modified => Versions[^1].At;
    }

    public sealed record Comment(string Id, string ContentId, string? ParentId, string AuthorId, DateTimeOffset At);

    public User AddUser(string id, string name, string? email = null, bool app = false) => Users[id] = new User(id, name, email, app);

    public Content AddContent(string id, Space space, string type, string title, string author, int minutes)
    {
        var content = new Content(id, space.Id, type, title, author, Start.AddMinutes(minutes));
        content.Versions.Add(new Version(1, author, content.Created));
        Contents.Add(content);
        return content;
    }

    public static void Edit(Content content, string author, int minutes) =>
        content.Versions.Add(new Version(content.Versions.Count + 1, author, Start.AddMinutes(minutes)));

    public void AddComment(string id, Content content, string author, int minutes, string? parent = null) =>
        Comments.Add(new Comment(id, content.Id, parent, author, Start.AddMinutes(minutes)));

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Trim('/').Split('/');
        var query = context.Request.Query;
        var limit = int.Parse(query["limit"].FirstOrDefault() ?? "25", CultureInfo.InvariantCulture);
        var offset = query["cursor"].FirstOrDefault() is { } cursor ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(cursor)), CultureInfo.InvariantCulture) : 0;
        List<JsonNode> all;
        switch (path)
        {
            case ["wiki", "api", "v2", "spaces"]:
                var keys = query["keys"].SelectMany(k => k!.Split(',')).ToHashSet(StringComparer.Ordinal);
                all = [.. Spaces.Where(s => keys.Count == 0 || keys.Contains(s.Key)).Select(s => (JsonNode)new JsonObject
                {
                    ["id"] = s.Id, ["key"] = s.Key, ["name"] = s.Name, ["type"] = "global", ["status"] = "current",
                    ["_links"] = new JsonObject { ["webui"] = $"/spaces/{s.Key}" },
                })];
                break;
            case ["wiki", "api", "v2", "spaces", var spaceId, "pages" or "blogposts"]:
                var type = path[5] == "pages" ? "page" : "blogpost";
                var listed = Contents.Where(c => c.SpaceId == spaceId && c.Type == type);
                listed = query["sort"].FirstOrDefault() == "-modified-date"
                    ? listed.OrderByDescending(c => c.Modified).ThenByDescending(c => long.Parse(c.Id, CultureInfo.InvariantCulture))
                    : listed.OrderBy(c => long.Parse(c.Id, CultureInfo.InvariantCulture));
                all = [.. listed.Select(ContentJson)];
                break;
            case ["wiki", "api", "v2", "pages" or "blogposts", var id, ..] when Restricted.Contains(id):
                await RefuseAsync(context, 403, "You are not permitted to view this content");
                return;
            case ["wiki", "api", "v2", "pages" or "blogposts", var id, ..] when Deleted.Contains(id) || Contents.All(c => c.Id != id):
                await RefuseAsync(context, 404, "Not found");
                return;
            case ["wiki", "api", "v2", "pages" or "blogposts", var id, "versions"]:
                all = [.. Contents.Single(c => c.Id == id).Versions.OrderByDescending(v => v.Number).Select(v => (JsonNode)VersionJson(v))];
                break;
            case ["wiki", "api", "v2", "pages" or "blogposts", var id, "footer-comments"]:
                all = [.. Comments.Where(c => c.ContentId == id && c.ParentId is null).Select(CommentJson)];
                break;
            case ["wiki", "api", "v2", "footer-comments", var id, "children"]:
                all = [.. Comments.Where(c => c.ParentId == id).Select(CommentJson)];
                break;
            case ["wiki", "api", "v2", "pages" or "blogposts", var id, "likes", "users"]:
                all = [.. Likes.Where(l => l.ContentId == id).Select(l => (JsonNode)new JsonObject { ["accountId"] = l.AccountId })];
                break;
            case ["wiki", "rest", "api", "analytics", "content", var id, "views"]:
                if (!Analytics)
                {
                    await RefuseAsync(context, 404, "null for uri: /wiki/rest/api/analytics/content/" + id + "/views");
                    return;
                }

                await JsonAsync(context, new JsonObject { ["id"] = long.Parse(id, CultureInfo.InvariantCulture), ["count"] = Views.GetValueOrDefault(id) });
                return;
            case ["wiki", "rest", "api", "user"]:
                if (!Users.TryGetValue(query["accountId"].FirstOrDefault() ?? "", out var user))
                {
                    await RefuseAsync(context, 404, "No user found");
                    return;
                }

                var json = new JsonObject
                {
                    ["type"] = "known", ["accountId"] = user.AccountId, ["accountType"] = user.App ? "app" : "atlassian",
                    ["publicName"] = user.Name.Split(' ')[0].ToLowerInvariant(), ["displayName"] = user.Name,
                };
                if (user.Email is not null)
                    json["email"] = user.Email;
                await JsonAsync(context, json);
                return;
            default:
                await RefuseAsync(context, 404, "Not found");
                return;
        }

        var page = all.Skip(offset).Take(limit).ToList();
        var links = new JsonObject { ["base"] = $"{context.Request.Scheme}://{context.Request.Host}/wiki" };
        if (offset + limit < all.Count)
        {
            var rest = string.Join('&', query.Where(q => q.Key != "cursor").SelectMany(q => q.Value.Select(v => $"{q.Key}={Uri.EscapeDataString(v!)}")));
            var next = $"{context.Request.Path}?{rest}&cursor={Uri.EscapeDataString(Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + limit).ToString(CultureInfo.InvariantCulture))))}";
            links["next"] = next;
            context.Response.Headers["Link"] = $"<{next}>; rel=\"next\"";
        }

        await JsonAsync(context, new JsonObject { ["results"] = new JsonArray([.. page]), ["_links"] = links });
    }

    private static Task JsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return JsonAsync(context, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["status"] = status, ["code"] = status == 403 ? "FORBIDDEN" : "NOT_FOUND", ["title"] = message }),
        });
    }

    private JsonNode ContentJson(Content content) => new JsonObject
    {
        ["id"] = content.Id,
        ["status"] = "current",
        ["title"] = content.Title,
        ["spaceId"] = content.SpaceId,
        ["authorId"] = content.AuthorId,
        ["ownerId"] = content.AuthorId,
        ["createdAt"] = Iso(content.Created),
        ["version"] = VersionJson(content.Versions[^1]),
        ["_links"] = new JsonObject
        {
            ["webui"] = $"/spaces/{Spaces.Single(s => s.Id == content.SpaceId).Key}/{(content.Type == "page" ? "pages" : "blog")}/{content.Id}",
            ["tinyui"] = $"/x/{content.Id}",
        },
    };

    private static JsonObject VersionJson(Version version) => new()
    {
        ["createdAt"] = Iso(version.At), ["message"] = "", ["number"] = version.Number, ["minorEdit"] = false, ["authorId"] = version.AuthorId,
    };

    private static JsonNode CommentJson(Comment comment) => new JsonObject
    {
        ["id"] = comment.Id,
        ["status"] = "current",
        ["title"] = "Re: a page",
        ["pageId"] = comment.ContentId,
        ["parentCommentId"] = comment.ParentId,
        ["version"] = VersionJson(new Version(1, comment.AuthorId, comment.At)),
        ["_links"] = new JsonObject { ["webui"] = $"/pages/{comment.ContentId}?focusedCommentId={comment.Id}" },
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

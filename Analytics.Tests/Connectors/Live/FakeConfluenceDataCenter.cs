using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// The same wiki as <see cref="FakeConfluence"/>, served as Confluence Data Center's REST API documents the endpoints the
/// connector reads, under the context path <c>/confluence</c>: <c>rest/api/space/{key}</c>, <c>rest/api/space</c>,
/// <c>rest/api/content?spaceKey=&amp;type=&amp;expand=version,history</c>, <c>rest/api/content/search?cql=</c> (space, type and
/// <c>lastmodified &gt;= "yyyy/MM/dd HH:mm"</c> read in the server's time zone, UTC+02:00 here), the experimental
/// <c>rest/experimental/content/{id}/version</c> and <c>rest/api/content/{id}/child/comment?depth=all&amp;expand=version</c>.
/// Lists are <c>{"results", "start", "limit", "size", "_links": {"base", "context", "next": "/rest/...&amp;start=N"}}</c>; users
/// come inline (<c>type</c>, <c>username</c>, <c>userKey</c>, <c>displayName</c>); times carry the server's offset. There is no
/// likes or analytics endpoint: those answer 404, as any unknown path.
/// </summary>
public sealed partial class FakeConfluenceDataCenter(FakeConfluence wiki)
{
    public const string Root = "confluence/";
    private static readonly TimeSpan ServerOffset = TimeSpan.FromHours(2);

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Trim('/').Split('/');
        var query = context.Request.Query;
        var limit = int.Parse(query["limit"].FirstOrDefault() ?? "25", CultureInfo.InvariantCulture);
        var start = int.Parse(query["start"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
        List<JsonNode> all;
        switch (path)
        {
            case ["confluence", "rest", "api", "space", var key]:
                if (wiki.Spaces.SingleOrDefault(s => s.Key == key) is not { } space)
                {
                    await NotFoundAsync(context);
                    return;
                }

                await JsonAsync(context, SpaceJson(space));
                return;
            case ["confluence", "rest", "api", "space"]:
                all = [.. wiki.Spaces.Select(s => (JsonNode)SpaceJson(s))];
                break;
            case ["confluence", "rest", "api", "content"]:
                var spaceKey = query["spaceKey"].Single();
                all = [.. wiki.Contents.Where(c => !wiki.Deleted.Contains(c.Id) && SpaceOf(c).Key == spaceKey && c.Type == query["type"].Single())
                    .OrderBy(c => long.Parse(c.Id, CultureInfo.InvariantCulture)).Select(c => (JsonNode)ContentJson(c))];
                break;
            case ["confluence", "rest", "api", "content", "search"]:
                var cql = CqlPattern().Match(query["cql"].Single()!);
                if (!cql.Success)
                {
                    context.Response.StatusCode = 400;
                    await JsonAsync(context, new JsonObject { ["statusCode"] = 400, ["message"] = "Could not parse cql : " + query["cql"] });
                    return;
                }

                var since = new DateTimeOffset(DateTime.ParseExact(cql.Groups["since"].Value, "yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture), ServerOffset);
                all = [.. wiki.Contents.Where(c => !wiki.Deleted.Contains(c.Id) && SpaceOf(c).Key == cql.Groups["space"].Value && c.Type == cql.Groups["type"].Value
                        && c.Modified >= since)
                    .OrderBy(c => c.Modified).Select(c => (JsonNode)ContentJson(c))];
                break;
            case ["confluence", "rest", "experimental", "content", var id, "version"]:
                if (await RefusedAsync(context, id))
                    return;
                all = [.. wiki.Contents.Single(c => c.Id == id).Versions.OrderByDescending(v => v.Number).Select(v => (JsonNode)new JsonObject
                {
                    ["by"] = UserJson(v.AuthorId), ["when"] = Iso(v.At), ["message"] = "", ["number"] = v.Number, ["minorEdit"] = false,
                })];
                break;
            case ["confluence", "rest", "api", "content", var id, "child", "comment"]:
                if (await RefusedAsync(context, id))
                    return;
                all = [.. wiki.Comments.Where(c => c.ContentId == id).OrderBy(c => long.Parse(c.Id, CultureInfo.InvariantCulture)).Select(c => (JsonNode)new JsonObject
                {
                    ["id"] = c.Id, ["type"] = "comment", ["status"] = "current", ["title"] = "Re: " + wiki.Contents.Single(p => p.Id == id).Title,
                    ["version"] = new JsonObject { ["by"] = UserJson(c.AuthorId), ["when"] = Iso(c.At), ["number"] = 1, ["minorEdit"] = false },
                    ["_links"] = new JsonObject { ["webui"] = $"/pages/viewpage.action?pageId={id}&focusedCommentId={c.Id}#comment-{c.Id}" },
                })];
                break;
            default:
                await NotFoundAsync(context);
                return;
        }

        var page = all.Skip(start).Take(limit).ToList();
        var links = new JsonObject { ["base"] = $"{context.Request.Scheme}://{context.Request.Host}/confluence", ["context"] = "/confluence" };
        if (start + limit < all.Count)
        {
            var rest = string.Join('&', query.Where(q => q.Key != "start").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
            links["next"] = $"{context.Request.Path.Value!["/confluence".Length..]}?{rest}&start={(start + limit).ToString(CultureInfo.InvariantCulture)}";
        }

        await JsonAsync(context, new JsonObject
        {
            ["results"] = new JsonArray([.. page]), ["start"] = start, ["limit"] = limit, ["size"] = page.Count, ["_links"] = links,
        });
    }

    /// <summary>Restricted content answers 403 to the account, deleted content 404.</summary>
    private async Task<bool> RefusedAsync(HttpContext context, string id)
    {
        if (wiki.Restricted.Contains(id))
        {
            context.Response.StatusCode = 403;
            await JsonAsync(context, new JsonObject { ["statusCode"] = 403, ["message"] = "You're not allowed to view that content." });
            return true;
        }

        if (wiki.Deleted.Contains(id) || wiki.Contents.All(c => c.Id != id))
        {
            await NotFoundAsync(context);
            return true;
        }

        return false;
    }

    private FakeConfluence.Space SpaceOf(FakeConfluence.Content content) => wiki.Spaces.Single(s => s.Id == content.SpaceId);

    private JsonObject ContentJson(FakeConfluence.Content c) => new()
    {
        ["id"] = c.Id,
        ["type"] = c.Type,
        ["status"] = "current",
        ["title"] = c.Title,
        ["space"] = new JsonObject { ["key"] = SpaceOf(c).Key, ["name"] = SpaceOf(c).Name },
        ["history"] = new JsonObject { ["latest"] = true, ["createdBy"] = UserJson(c.AuthorId), ["createdDate"] = Iso(c.Created) },
        ["version"] = new JsonObject { ["by"] = UserJson(c.Versions[^1].AuthorId), ["when"] = Iso(c.Modified), ["number"] = c.Versions[^1].Number, ["minorEdit"] = false },
        ["_links"] = new JsonObject { ["webui"] = $"/pages/viewpage.action?pageId={c.Id}", ["self"] = $"/rest/api/content/{c.Id}" },
    };

    private static JsonObject SpaceJson(FakeConfluence.Space s) => new()
    {
        ["id"] = long.Parse(s.Id, CultureInfo.InvariantCulture) * 65536, ["key"] = s.Key, ["name"] = s.Name, ["type"] = "global",
        ["_links"] = new JsonObject { ["webui"] = $"/display/{s.Key}" },
    };

    /// <summary>Data Center's inline user: the userKey is stable; the username may be renamed.</summary>
    private JsonObject UserJson(string key)
    {
        var user = wiki.Users.GetValueOrDefault(key);
        return new JsonObject
        {
            ["type"] = "known",
            ["username"] = user?.Name.Split(' ')[0].ToLowerInvariant() ?? key,
            ["userKey"] = key,
            ["displayName"] = user?.Name ?? key,
        };
    }

    private static string Iso(DateTimeOffset at) => at.ToOffset(ServerOffset).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static async Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = 404;
        await JsonAsync(context, new JsonObject { ["statusCode"] = 404, ["message"] = "No content found" });
    }

    private static Task JsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex("""^space = "(?<space>[^"]+)" and type = (?<type>page|blogpost) and lastmodified >= "(?<since>\d{4}/\d\d/\d\d \d\d:\d\d)" order by lastmodified$""")]
    private static partial Regex CqlPattern();
}

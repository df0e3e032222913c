using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// A Learning Record Store as xAPI 1.0.3 describes its statements resource (part three, 2.1 and 2.1.3): GET
/// /xapi/statements with since (exclusive, on stored), ascending and limit answers a StatementResult whose "more" is a
/// relative IRL while statements remain; voided statements are not returned by queries, their voiding statements are;
/// a request without X-Experience-API-Version is refused with 400.
/// </summary>
public sealed class FakeLrs
{
    public const string Root = "/xapi/";
    private readonly List<JsonObject> _statements = [];

    public static readonly DateTimeOffset Start = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<JsonObject> Statements => _statements;

    /// <summary>Adds a statement as a learning platform sends it; the LRS sets its stored time.</summary>
    public JsonObject Add(string verb, JsonObject actor, string activityId, DateTimeOffset stored, string? duration = null, string? name = null, Guid? id = null)
    {
        var statement = new JsonObject
        {
            ["id"] = (id ?? Guid.NewGuid()).ToString(),
            ["actor"] = actor.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/" + verb, ["display"] = new JsonObject { ["en-US"] = verb } },
            ["object"] = new JsonObject
            {
                ["objectType"] = "Activity",
                ["id"] = activityId,
                ["definition"] = new JsonObject
                {
                    ["name"] = new JsonObject { ["en-US"] = name ?? "Course " + activityId[^3..] },
                    ["type"] = "http://adlnet.gov/expapi/activities/course",
                },
            },
            ["timestamp"] = Iso(stored.AddMinutes(-5)),
            ["stored"] = Iso(stored),
            ["authority"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = "https://lms.example.com", ["name"] = "lms" } },
            ["version"] = "1.0.3",
        };
        if (duration is not null)
            statement["result"] = new JsonObject { ["completion"] = true, ["success"] = true, ["duration"] = duration };
        _statements.Add(statement);
        return statement;
    }

    public JsonObject Void(Guid target, JsonObject actor, DateTimeOffset stored)
    {
        var statement = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["actor"] = actor.DeepClone(),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided", ["display"] = new JsonObject { ["en-US"] = "voided" } },
            ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = target.ToString() },
            ["timestamp"] = Iso(stored),
            ["stored"] = Iso(stored),
            ["version"] = "1.0.3",
        };
        _statements.Add(statement);
        return statement;
    }

    public static JsonObject Mbox(string email, string name) =>
        new() { ["objectType"] = "Agent", ["name"] = name, ["mbox"] = "mailto:" + email };

    public static JsonObject Account(string homePage, string user, string name) =>
        new() { ["objectType"] = "Agent", ["name"] = name, ["account"] = new JsonObject { ["homePage"] = homePage, ["name"] = user } };

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers["X-Experience-API-Version"].FirstOrDefault() != "1.0.3")
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("X-Experience-API-Version header missing");
            return;
        }

        var path = context.Request.Path.Value ?? "";
        DateTimeOffset? since;
        int limit;
        int offset;
        if (path == Root + "statements")
        {
            since = context.Request.Query["since"].FirstOrDefault() is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
            limit = int.Parse(context.Request.Query["limit"].FirstOrDefault() ?? "100", CultureInfo.InvariantCulture);
            offset = 0;
        }
        else if (path.StartsWith(Root + "statements/more/", StringComparison.Ordinal))
        {
            // The "more" token: since|limit|offset, as an LRS keeps the query behind it.
            var parts = path[(Root.Length + "statements/more/".Length)..].Split('_');
            since = parts[0] == "none" ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture));
            limit = int.Parse(parts[1], CultureInfo.InvariantCulture);
            offset = int.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        else
        {
            context.Response.StatusCode = 404;
            return;
        }

        var voided = _statements.Where(IsVoiding).Select(v => v["object"]!["id"]!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var matching = _statements
            .Where(st => since is null || Stored(st) > since)
            .Where(st => !voided.Contains(st["id"]!.GetValue<string>()))
            .OrderBy(Stored)
            .ToList();
        var page = matching.Skip(offset).Take(limit).ToList();
        var more = offset + limit < matching.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{Root}statements/more/{(since is null ? "none" : since.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))}_{limit}_{offset + limit}")
            : "";
        var result = new JsonObject { ["statements"] = new JsonArray([.. page.Select(p => p.DeepClone())]), ["more"] = more };
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-Experience-API-Version"] = "1.0.3";
        context.Response.Headers["X-Experience-API-Consistent-Through"] = Iso(matching.Count == 0 ? Start : Stored(matching[^1]));
        await context.Response.WriteAsync(result.ToJsonString());
    }

    private static bool IsVoiding(JsonObject statement) =>
        statement["verb"]!["id"]!.GetValue<string>() == "http://adlnet.gov/expapi/verbs/voided";

    private static DateTimeOffset Stored(JsonObject statement) =>
        DateTimeOffset.Parse(statement["stored"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Json(JsonObject o) => o.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}

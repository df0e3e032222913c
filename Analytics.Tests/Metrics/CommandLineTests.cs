using System.Text.Json;
using Analytics.Domain.Knowledge;
using Analytics.Tests.Metrics.Support;
using Analytics.Tests.Support;

namespace Analytics.Tests.Metrics;

/// <summary>The verbs end to end through System.CommandLine.</summary>
public sealed class CommandLineTests
{
    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var run = await InProcessCli.RunAsync(args);
        return (run.Exit, run.Output);
    }

    // Host logging (the test folder carries the web app's appsettings) may precede the document.
    private static string JsonPart(string output)
    {
        var start = output.StartsWith('{') ? 0 : output.IndexOf("\n{", StringComparison.Ordinal) + 1;
        return output[start..];
    }

    [Fact]
    public async Task Aggregate_leaderboard_and_explain_points_agree()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var b = await w.DepartmentAsync("B");
        var ann = await w.PersonAsync("ann", a);
        var bob = await w.PersonAsync("bob", b);
        var page = await w.ItemAsync(ann);
        await w.ActAsync(ActivityType.Authored, ann, page, new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Upvoted, bob, page, new DateTime(2026, 10, 2, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Answered, bob, await w.ItemAsync(bob), new DateTime(2026, 10, 2, 10, 0, 0, DateTimeKind.Utc));
        var db = new[] { "--db", w.Database.Path };

        var (aggregateCode, aggregated) = await RunAsync(["aggregate", .. db]);
        Assert.Equal(0, aggregateCode);
        Assert.Contains("Aggregated 2 days", aggregated, StringComparison.Ordinal);

        var (code, json) = await RunAsync(["leaderboard", "--period", "2026-10", "--json", .. db]);
        Assert.Equal(0, code);
        using var board = JsonDocument.Parse(JsonPart(json));
        var rows = board.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString(), Value: r.GetProperty("value").GetDouble(), Person: r.GetProperty("personId").GetInt32()))
            .ToList();
        // ann: authored 10 + a cross-team upvote 3 = 13; bob: answered 5.
        Assert.Equal([("ann", 13.0), ("bob", 5.0)], rows.Select(r => (r.Name, r.Value)));

        foreach (var row in rows)
        {
            var (explainCode, explained) = await RunAsync(["explain-points", "--person", row.Person.ToString(System.Globalization.CultureInfo.InvariantCulture), "--period", "2026-10", "--json", .. db]);
            Assert.Equal(0, explainCode);
            using var doc = JsonDocument.Parse(JsonPart(explained));
            Assert.Equal(row.Value, doc.RootElement.GetProperty("total").GetDouble());
        }

        var (metricsCode, metrics) = await RunAsync(["metrics", "--period", "2026-10", "--by", "department", .. db]);
        Assert.Equal(0, metricsCode);
        Assert.Contains("Company", metrics, StringComparison.Ordinal);
        Assert.NotEqual(0, (await RunAsync(["leaderboard", "--period", "2026-13", .. db])).Code);
    }
}

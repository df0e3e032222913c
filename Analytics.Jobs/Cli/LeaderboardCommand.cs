using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class LeaderboardCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var metric = new Option<LeaderboardMetric>("--metric") { Description = "points, contributions, reuse or crossteam.", DefaultValueFactory = _ => LeaderboardMetric.Points };
        var scope = new Option<string?>("--scope") { Description = "Department code: that department and its sub-departments. Default: the company." };
        var top = new Option<int?>("--top") { Description = "Show ranks up to N (ties at N included)." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var unlinked = new Option<bool>("--include-unlinked")
        {
            Description = "Also rank, in a separate table, the people found in sources who are not linked to an HR employee (never bots).",
        };
        var command = new Command("leaderboard", "Rank people over a period; closed months come from their frozen snapshot.") { period, metric, scope, top, unlinked, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var query = services.GetRequiredService<LeaderboardQuery>();
            var filter = new LeaderboardFilter(parse.GetValue(period)!, parse.GetValue(metric), parse.GetValue(scope), parse.GetValue(top));
            var view = await query.RunAsync(filter, ct);
            // The unlinked table has no department scope: with --scope only employees are ranked.
            var others = parse.GetValue(unlinked) && filter.Scope is null
                ? await query.RunAsync(filter with { Population = Population.Unlinked }, ct)
                : null;
            if (parse.GetValue(json))
            {
                if (others is null)
                    await CliJson.WriteAsync(view);
                else
                    await CliJson.WriteAsync(new { employees = view, unlinked = others });
                return 0;
            }

            await WriteAsync(view, $"Leaderboard {view.Filter.Period.Label}, {view.ScopeName}, by {view.Filter.Metric.ToString().ToLowerInvariant()}");
            if (parse.GetValue(unlinked) && filter.Scope is not null)
                await Console.Out.WriteLineAsync("Unlinked people have no department: --include-unlinked ranks them only without --scope.");
            if (others is not null)
            {
                await Console.Out.WriteLineAsync();
                await WriteAsync(others, $"Unlinked people {others.Filter.Period.Label}, by {others.Filter.Metric.ToString().ToLowerInvariant()}: found in sources, not linked to an HR employee, not in any department figure");
            }

            return 0;
        }));
        return command;
    }

    private static async Task WriteAsync(LeaderboardView view, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        await Console.Out.WriteLineAsync(title +
            (view.FrozenMonths.Count > 0 ? $" (frozen: {string.Join(", ", view.FrozenMonths.Select(m => m.ToString("yyyy-MM", inv)))})" : ""));
        foreach (var row in view.Rows)
            await Console.Out.WriteLineAsync(string.Create(inv, $"{row.Rank,4}  {row.Name,-32} {row.Department ?? "-",-12} {row.Value,10:0.##}  (person {row.PersonId})"));
        if (view.EmptyReason is { } reason)
            await Console.Out.WriteLineAsync(reason);
    }
}

using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Leaderboards;
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
        var command = new Command("leaderboard", "Rank people over a period; closed months come from their frozen snapshot.") { period, metric, scope, top, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var view = await services.GetRequiredService<LeaderboardQuery>().RunAsync(
                new LeaderboardFilter(parse.GetValue(period)!, parse.GetValue(metric), parse.GetValue(scope), parse.GetValue(top)), ct);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(view);
                return 0;
            }

            var inv = CultureInfo.InvariantCulture;
            await Console.Out.WriteLineAsync(string.Create(inv, $"Leaderboard {view.Filter.Period.Label}, {view.ScopeName}, by {view.Filter.Metric.ToString().ToLowerInvariant()}") +
                (view.FrozenMonths.Count > 0 ? $" (frozen: {string.Join(", ", view.FrozenMonths.Select(m => m.ToString("yyyy-MM", inv)))})" : ""));
            foreach (var row in view.Rows)
                await Console.Out.WriteLineAsync(string.Create(inv, $"{row.Rank,4}  {row.Name,-32} {row.Department ?? "-",-12} {row.Value,10:0.##}  (person {row.PersonId})"));
            if (view.Rows.Count == 0)
                await Console.Out.WriteLineAsync("No one to rank (has `analytics aggregate` run?).");
            return 0;
        }));
        return command;
    }
}

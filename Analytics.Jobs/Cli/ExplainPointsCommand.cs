using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class ExplainPointsCommand
{
    public static Command Create()
    {
        var person = new Option<int>("--person") { Description = "Person id (as the leaderboard shows it).", Required = true };
        var period = CliPeriod.Create();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of lines." };
        var command = new Command("explain-points", "A person's points line by line: day, activity, rule, caps.") { person, period, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var explanation = await services.GetRequiredService<PointsExplainer>().ExplainAsync(parse.GetValue(person), parse.GetValue(period)!, ct);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(new { explanation.PersonId, explanation.Name, explanation.Period, explanation.Total, explanation.Lines });
                return 0;
            }

            var inv = CultureInfo.InvariantCulture;
            await Console.Out.WriteLineAsync($"Points of {explanation.Name} (person {explanation.PersonId}) in {explanation.Period.Label}");
            foreach (var l in explanation.Lines)
            {
                var rule = string.Create(inv, $"rule {l.RuleId}: {l.PointsPerEvent:0.##}/event") +
                           (l.CrossTeamPointsPerEvent is { } x ? string.Create(inv, $", {x:0.##} cross-team") : "") +
                           (l.DailyCap is { } d ? string.Create(inv, $", daily cap {d}") : "") +
                           (l.PairCap is { } p ? string.Create(inv, $", pair cap {p}/month") : "");
                var capped = l.CappedEvents > 0 ? string.Create(inv, $", {l.CappedEvents:0.##} capped") : "";
                var cross = l.CrossTeamEvents > 0 ? string.Create(inv, $" ({l.CrossTeamEvents:0.##} cross-team)") : "";
                await Console.Out.WriteLineAsync(string.Create(inv,
                    $"{l.Day:yyyy-MM-dd} {l.Type.Code(),-10} {l.Events,6:0.##} events{cross}{capped} [{rule}] = {l.Points:0.##}"));
            }

            await Console.Out.WriteLineAsync(string.Create(inv, $"Total: {explanation.Total:0.##} points"));
            return 0;
        }));
        return command;
    }
}

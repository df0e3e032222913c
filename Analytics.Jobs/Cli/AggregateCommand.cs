using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class AggregateCommand
{
    public static Command Create()
    {
        var full = new Option<bool>("--full") { Description = "Recompute every day, not only the days marked dirty." };
        var command = new Command("aggregate", "Recompute daily metrics, knowledge flow, points and badges of the days that changed.") { full };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(ct);
            var result = await services.GetRequiredService<Aggregator>().RunAsync(parse.GetValue(full), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Aggregated {result.Days} days ({result.Activities} activities): {result.PersonMetricRows} person-day rows, {result.PointsRows} points entries, {result.BadgesAwarded} badges awarded in {result.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        }));
        return command;
    }
}

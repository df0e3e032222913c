using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Aggregation;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class RecomputeCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var reason = new Option<string>("--reason") { Description = "Why (kept in the audit trail).", Required = true };
        var command = new Command("recompute", "HR: recompute a range including closed months' points and snapshots (audited).") { period, reason };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var p = parse.GetValue(period)!;
            var result = await services.GetRequiredService<MonthCloser>().RecomputeRangeAsync(p.From, p.To, $"cli:{Environment.UserName}", parse.GetValue(reason)!, ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Recomputed {result.Days} days of {p.Label}."));
            return 0;
        }));
        return command;
    }
}

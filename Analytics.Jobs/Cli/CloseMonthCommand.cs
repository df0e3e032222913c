using System.CommandLine;
using Analytics.Jobs.Aggregation;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class CloseMonthCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var command = new Command("close-month", "Freeze a finished month: aggregate, then snapshot its leaderboard figures.") { period };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var month = parse.GetValue(period)!.From;
            var closed = await services.GetRequiredService<MonthCloser>().CloseAsync(month, $"cli:{Environment.UserName}", ct);
            await Console.Out.WriteLineAsync(closed ? $"Closed {month:yyyy-MM}." : $"{month:yyyy-MM} was already closed.");
            return 0;
        }));
        return command;
    }
}

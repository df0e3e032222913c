using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

/// <summary>`analytics purge [--dry-run]`: the retention job's purge, on demand.</summary>
public static class PurgeCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count what would be purged." };
        var command = new Command("purge", "Delete raw activities older than Retention:RawActivityMonths whose days are aggregated (and, once months are closed, in closed months).") { dryRun };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(ct);
            var result = await services.GetRequiredService<RetentionPurger>().PurgeAsync(parse.GetValue(dryRun), $"cli:{Environment.UserName}", ct);
            var verb = result.DryRun ? "Would purge" : "Purged";
            await Console.Out.WriteLineAsync(result.Before is { } before
                ? string.Create(CultureInfo.InvariantCulture, $"{verb} {result.Activities} raw activities before {before:yyyy-MM-dd} (retention cut-off {result.Cutoff:yyyy-MM-dd}).")
                : "Nothing purged.");
            if (result.HeldBack is not null)
                await Console.Out.WriteLineAsync($"Held back: {result.HeldBack}.");
            return 0;
        }));
        return command;
    }
}

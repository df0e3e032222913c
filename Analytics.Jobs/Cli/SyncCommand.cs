using System.Globalization;
using System.CommandLine;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics sync [--source NAME]`: the scheduled job's code, run now, for one or every enabled source. Exit 1 when a
/// source could not be read (each named on standard error), 0 when all synced.
/// </summary>
public static class SyncCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only this source; default every enabled source with a location." };
        var command = new Command("sync", "Sync configured sources from their locations, as the schedule does.") { source };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await services.GetRequiredService<DatabaseInitializer>().PrepareOnStartAsync(ct);
            var db = services.GetRequiredService<AnalyticsDbContext>();
            await services.GetRequiredService<LiveSourceCatalog>().RegisterAsync(db, ct);
            var name = parse.GetValue(source);
            var targets = await db.SourceSystems.AsNoTracking()
                .Where(s => name == null ? s.Enabled && s.Location != null : s.Name == name)
                .OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
            if (targets.Count == 0)
            {
                await Console.Error.WriteLineAsync(name is null ? "No enabled source has a location to sync from." : $"There is no source named '{name}'. {await SourceNames.ListAsync(db, ct)}");
                return 2;
            }

            var sync = services.GetRequiredService<SourceSync>();
            var failed = 0;
            foreach (var target in targets)
            {
                try
                {
                    var result = await sync.SyncAsync(target.Id, new IngestionRequest("cli"), ProgressLine.ForConsole(), ct);
                    await ImportCommand.PrintSummaryAsync(db, $"source '{target.Name}'", result, ct);
                    await PrintFetchAsync(db, result.SyncRunId, ct);
                }
                catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    // As `import`: an unusable source (missing export, not a repository, not UTF-8) is stored as a failed
                    // run with this reason; the user gets the reason, and the other sources still sync.
                    ProgressLine.Clear();
                    await Console.Error.WriteLineAsync($"Sync of source '{target.Name}' failed: {ex.Message}");
                    var lastRun = await db.SyncRuns.AsNoTracking().Where(r => r.SourceSystemId == target.Id).OrderByDescending(r => r.Id)
                        .Select(r => r.Id).FirstOrDefaultAsync(CancellationToken.None);
                    await PrintFetchAsync(db, lastRun, CancellationToken.None);
                    failed++;
                }
            }

            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>For a live source: pages read, retries, rate-limit waits, retractions, and the cursor it stopped at.</summary>
    private static async Task PrintFetchAsync(AnalyticsDbContext db, long runId, CancellationToken ct)
    {
        var run = await db.SyncRuns.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.PagesRead, r.Retries, r.RateLimitWaits, r.RateLimitWaitSeconds, r.Removed, r.SourceSystem!.Cursor })
            .SingleOrDefaultAsync(ct);
        if (run is null || (run.PagesRead == 0 && run.Retries == 0 && run.RateLimitWaits == 0 && run.Removed == 0))
            return;
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Fetched: {run.PagesRead} pages read, {run.Retries} retries, {run.RateLimitWaits} rate-limit waits ({run.RateLimitWaitSeconds} s), {run.Removed} removed (retracted by the source); cursor {run.Cursor ?? "none"}."));
    }
}

using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Hosting;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>
/// Every recurring job of ingestion: its id, cron and time zone. Each enabled source with a cron
/// Schedule gets "sync:NAME"; a refresh job re-reads the sources every few minutes, so a source added or
/// changed from the command line is scheduled without restarting the server.
/// </summary>
public sealed class SyncSchedule(
    AnalyticsDbContext db, IRecurringJobManager recurringJobs, JobStorage storage, IOptions<JobsOptions> jobs, LiveSourceCatalog liveSources)
{
    public const string SyncIdPrefix = "sync:";
    public const string RefreshId = "ingestion:refresh-schedules";
    public const string RefreshCron = "*/5 * * * *";

    public static string SyncId(string sourceName) => SyncIdPrefix + sourceName;

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(jobs.Value.TimeZone);

    /// <summary>Registers the refresh job itself; needs no database, so it is safe at host start.</summary>
    public void RegisterRefresh() =>
        recurringJobs.AddOrUpdate<SyncSchedule>(RefreshId, s => s.ApplyAsync(CancellationToken.None), RefreshCron,
            new RecurringJobOptions { TimeZone = TimeZone });

    /// <summary>Adds or updates a recurring sync per scheduled source and removes those of sources no longer scheduled.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        // Live sources are declared in configuration: stored (and their schedule updated) before scheduling.
        await liveSources.RegisterAsync(db, ct);
        var sources = await db.SourceSystems.AsNoTracking()
            .Where(s => s.Enabled && s.Schedule != null && s.Location != null)
            .Select(s => new { s.Id, s.Name, s.Schedule })
            .ToListAsync(ct);

        var wanted = new List<string>();
        foreach (var source in sources)
        {
            var id = SyncId(source.Name);
            recurringJobs.AddOrUpdate<SourceSyncJob>(id, job => job.RunAsync(source.Id, CancellationToken.None), source.Schedule!,
                new RecurringJobOptions { TimeZone = TimeZone });
            wanted.Add(id);
        }

        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Select(j => j.Id)
                     .Where(id => id.StartsWith(SyncIdPrefix, StringComparison.Ordinal) && !wanted.Contains(id)))
        {
            recurringJobs.RemoveIfExists(stale);
        }

        return wanted;
    }
}

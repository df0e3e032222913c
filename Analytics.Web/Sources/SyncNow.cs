using Analytics.Domain.Persistence;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Sources;

public enum SyncNowOutcome
{
    Enqueued,
    UnknownSource,
    Disabled,
    NoLocation,
    NoConnector,
}

public sealed record SyncNowResult(SyncNowOutcome Outcome, string? SourceName = null, string? JobId = null);

/// <summary>
/// The admin's "Sync now": the same Hangfire job the schedule runs, enqueued for one source, so a manual sync
/// takes the per-source lock, retries and lands in the job dashboard like any other.
/// </summary>
public sealed class SyncNow(AnalyticsDbContext db, SourceSync sync, IBackgroundJobClient jobs)
{
    public async Task<SyncNowResult> EnqueueAsync(int sourceSystemId, CancellationToken ct)
    {
        var source = await db.SourceSystems.AsNoTracking().Where(s => s.Id == sourceSystemId)
            .Select(s => new { s.Name, s.Kind, s.Enabled, s.Location }).SingleOrDefaultAsync(ct);
        if (source is null)
            return new SyncNowResult(SyncNowOutcome.UnknownSource);
        if (!source.Enabled)
            return new SyncNowResult(SyncNowOutcome.Disabled, source.Name);
        if (source.Location is null)
            return new SyncNowResult(SyncNowOutcome.NoLocation, source.Name);
        // The demo organisation's sources have no connector: a job for them could only fail.
        if (!sync.Kinds.Contains(source.Kind))
            return new SyncNowResult(SyncNowOutcome.NoConnector, source.Name);

        var jobId = jobs.Enqueue<SourceSyncJob>(job => job.RunNowAsync(sourceSystemId, CancellationToken.None));
        return new SyncNowResult(SyncNowOutcome.Enqueued, source.Name, jobId);
    }
}

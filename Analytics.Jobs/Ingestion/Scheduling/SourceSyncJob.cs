using Analytics.Jobs.Ingestion.Runner;
using Hangfire;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>
/// The scheduled sync of one source. Retries are few and spaced: a sync is idempotent and continues from
/// its cursor, so a retry after a transient failure (a locked file, a busy database) is safe, while a
/// source that is really broken should reach the failed list within the hour rather than retry for days.
/// </summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 1200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class SourceSyncJob(SourceSync sync)
{
    /// <summary>The schedule's run: recorded with the trigger "schedule".</summary>
    public Task RunAsync(int sourceSystemId, CancellationToken ct) => SyncAsync(sourceSystemId, "schedule", ct);

    /// <summary>An admin's "Sync now": the same run, recorded with the trigger "manual" (no name: run lists are shown widely).</summary>
    public Task RunNowAsync(int sourceSystemId, CancellationToken ct) => SyncAsync(sourceSystemId, "manual", ct);

    private async Task SyncAsync(int sourceSystemId, string trigger, CancellationToken ct)
    {
        // The run takes the source's lock itself (SourceLock), as every other way into a source does.
        await sync.SyncAsync(sourceSystemId, new IngestionRequest(trigger), null, ct);
    }
}

using Analytics.Jobs.Ingestion.Runner;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>
/// The scheduled sync of one source. Retries are few and spaced: a sync is idempotent and continues from
/// its cursor, so a retry after a transient failure (a locked file, a busy database) is safe, while a
/// source that is really broken should reach the failed list within the hour rather than retry for days.
/// </summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 1200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class SourceSyncJob(SourceSync sync, SourceLock sourceLock, IOptions<IngestionOptions> options)
{
    public async Task RunAsync(int sourceSystemId, CancellationToken ct)
    {
        using var held = sourceLock.Acquire(sourceSystemId, options.Value.SourceLockTimeout);
        await sync.SyncAsync(sourceSystemId, new IngestionRequest("schedule"), null, ct);
    }
}

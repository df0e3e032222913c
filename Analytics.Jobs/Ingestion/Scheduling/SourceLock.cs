using Analytics.Jobs.Coordination;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>
/// Two runs into one source (scheduled sync, "Sync now", `analytics sync`, `analytics import`) never overlap: a lock
/// per source in the analytics database (ADR 1503, replacing ADR 0103's lock in the job storage), so it holds across
/// every process whatever the job storage. Per source, unlike Hangfire's per-method DisableConcurrentExecution. Taken
/// by <see cref="Runner.IngestionRunner"/> before it marks the source's unfinished runs as interrupted, which is only
/// true while nobody else runs that source.
/// </summary>
public sealed class SourceLock(DatabaseLock locks, IOptions<IngestionOptions> options)
{
    public static string Name(int sourceSystemId) => $"sync:{sourceSystemId}";

    public Task<DatabaseLock.HeldLock> AcquireAsync(int sourceSystemId, CancellationToken ct) =>
        locks.AcquireAsync(Name(sourceSystemId), options.Value.SourceLockTimeout, ct);
}

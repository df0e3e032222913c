using Hangfire;

namespace Analytics.Jobs.Ingestion.Scheduling;

/// <summary>
/// Two syncs of one source never run at once: a distributed lock per source in the job storage, shared
/// by every worker (SQL Server storage) and by the jobs of one process (in-memory storage). Hangfire's
/// DisableConcurrentExecution locks per method, which would serialise all sources; this locks per source.
/// A sync that cannot get the lock in time throws, and the job's retry runs it later.
/// </summary>
public sealed class SourceLock(JobStorage storage)
{
    public IDisposable Acquire(int sourceSystemId, TimeSpan timeout)
    {
        var connection = storage.GetConnection();
        try
        {
            var handle = connection.AcquireDistributedLock($"analytics:sync:{sourceSystemId}", timeout);
            return new Held(connection, handle);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed class Held(IDisposable connection, IDisposable handle) : IDisposable
    {
        public void Dispose()
        {
            handle.Dispose();
            connection.Dispose();
        }
    }
}

namespace Analytics.Jobs.Ingestion;

/// <summary>
/// A connector that reads over the network says how the reading went: pages (responses) read, retried requests, rate-limit
/// waits and their total. The runner stores a snapshot with the run after every batch and at its end, for the Sources
/// page and the command line.
/// </summary>
public interface IReportsFetchStats
{
    FetchStats Stats { get; }
}

/// <summary>Counters of one run, updated by the HTTP handlers of that run's requests (thread-safe).</summary>
public sealed class FetchStats
{
    private int _pagesRead;
    private int _retries;
    private int _rateLimitWaits;
    private long _rateLimitWaitMilliseconds;

    public int PagesRead => Volatile.Read(ref _pagesRead);
    public int Retries => Volatile.Read(ref _retries);
    public int RateLimitWaits => Volatile.Read(ref _rateLimitWaits);
    public TimeSpan RateLimitWaited => TimeSpan.FromMilliseconds(Interlocked.Read(ref _rateLimitWaitMilliseconds));

    public void PageRead() => Interlocked.Increment(ref _pagesRead);

    public void Retried() => Interlocked.Increment(ref _retries);

    public void AddRateLimitWait(TimeSpan wait)
    {
        Interlocked.Increment(ref _rateLimitWaits);
        Interlocked.Add(ref _rateLimitWaitMilliseconds, (long)wait.TotalMilliseconds);
    }
}

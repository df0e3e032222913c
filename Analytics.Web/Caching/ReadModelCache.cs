using System.Collections.Concurrent;
using System.Diagnostics;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Caching;

/// <summary>
/// Dashboard figures computed once per data version and shared by every request that asks for the same key.
/// <list type="bullet">
/// <item>Same version as the stored figures: served from memory.</item>
/// <item>Newer version: one computation starts (never two for a key); the request that started it waits up to
/// <see cref="DashboardCacheOptions.RefreshWait"/> for it, then gets the older figures, and requests arriving while it
/// runs get the older figures at once, so a slow recomputation after an import never stalls the dashboard. With
/// nothing stored yet, every request waits for the computation.</item>
/// </list>
/// Computations run in their own DI scope with the application's stopping token: they outlive the request that
/// started them, and one user's cancelled request does not cancel the figures everyone else is waiting for.
/// </summary>
public sealed class ReadModelCache(
    IDataVersion version, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime,
    IOptions<DashboardCacheOptions> options, TimeProvider clock, ILogger<ReadModelCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Set inside a computation: figures it reads from the cache (the overview reads its trend months) must be of the
    // current version, or stale parts would be stored as the new version's figures.
    private static readonly AsyncLocal<bool> InsideComputation = new();

    // Orders requests and computations: a computation numbered after a request started after it asked.
    private long _sequence;

    private long _computations;

    public int Count => _entries.Count;

    /// <summary>Computations started since the start (diagnostics and tests: a cache hit starts none).</summary>
    public long Computations => Interlocked.Read(ref _computations);

    public async Task<T> GetAsync<T>(string key, Func<IServiceProvider, CancellationToken, Task<T>> compute, CancellationToken ct)
        where T : class
    {
        var asked = Interlocked.Increment(ref _sequence);
        var wanted = await version.CurrentAsync(ct);
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = _entries.GetOrAdd(key, _ => new Entry());
            TrimIfFull(KindOf(key));
        }

        entry.LastUsed = asked;

        // Figures are good for this request when computed at its version (and not too long ago: some depend on the
        // clock), or by a computation started after it asked.
        var maxAge = options.Value.MaxAge;
        bool Good(Computed c) => (c.Version == wanted && clock.GetElapsedTime(c.At) < maxAge) || c.Started >= asked;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Task<Computed> refresh;
            Computed? stored;
            var mine = false;
            lock (entry)
            {
                stored = entry.Stored;
                if (stored is not null && Good(stored))
                    return (T)stored.Value;
                if (InsideComputation.Value)
                    stored = null;
                // One computation at a time per key: a finished one that is too old makes way for a new one.
                if (entry.Refresh is null || entry.Refresh.IsCompleted)
                {
                    entry.Refresh = StartAsync(entry, key, wanted, compute);
                    mine = true;
                }

                refresh = entry.Refresh;
            }

            // Someone else's recomputation is under way: the previous figures now, rather than everyone waiting for it
            // while the data keeps changing (an import commits a batch every few seconds). The request that started it
            // waits, so a single change is seen by the next request.
            if (stored is not null && !mine)
                return (T)stored.Value;

            if (stored is null)
            {
                // Nothing to fall back on: wait for the figures, whatever they take; a failure reaches the caller.
                var fresh = await refresh.WaitAsync(ct);
                if (Good(fresh))
                    return (T)fresh.Value;
                continue;
            }

            var left = options.Value.RefreshWait - waited.Elapsed;
            if (left <= TimeSpan.Zero)
                return (T)stored.Value;
            try
            {
                var fresh = await refresh.WaitAsync(left, ct);
                if (Good(fresh))
                    return (T)fresh.Value;
            }
            catch (TimeoutException)
            {
                return (T)stored.Value;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Recomputing {Key} failed; serving the figures of data version {Version}", key, stored.Version);
                return (T)stored.Value;
            }
        }
    }

    /// <summary>
    /// The people directory of the current data version, loaded once for every read model computed at that version (the
    /// overview's trend and the departments' figures after an import each loaded it, a tenth of their work on the 5M
    /// benchmark database). For computations only (<see cref="GetAsync{T}"/>'s <c>compute</c>): there it is never older than
    /// the data, where a request could be given the previous version's.
    /// </summary>
    public Task<PeopleDirectory> PeopleAsync(CancellationToken ct)
    {
        if (!InsideComputation.Value)
            throw new InvalidOperationException("The cached people directory is for computations of the cache, which never get an older version's.");
        return GetAsync(PeopleKey, (services, t) => PeopleDirectoryLoader.LoadAsync(services.GetRequiredService<AnalyticsDbContext>(), t), ct);
    }

    private const string PeopleKey = "people";

    private Task<Computed> StartAsync<T>(Entry entry, string key, long wanted, Func<IServiceProvider, CancellationToken, Task<T>> compute)
        where T : class
    {
        var started = Interlocked.Increment(ref _sequence);
        var startedAt = clock.GetTimestamp();
        Interlocked.Increment(ref _computations);
        return Task.Run(async () =>
        {
            InsideComputation.Value = true;
            await using var scope = scopes.CreateAsyncScope();
            var computed = new Computed(wanted, started, startedAt, await compute(scope.ServiceProvider, lifetime.ApplicationStopping));
            lock (entry)
                entry.Stored = computed;
            logger.LogDebug("Computed {Key} for data version {Version}", key, wanted);
            return computed;
        });
    }

    // The limit holds per kind (the key up to its first colon), so browsing hundreds of profiles never pushes
    // the overview, whose recomputation is the most expensive, out of memory.
    private void TrimIfFull(string kind)
    {
        var max = options.Value.MaxEntries;
        var ofKind = _entries.Where(e => KindOf(e.Key) == kind).ToList();
        if (ofKind.Count <= max)
            return;
        foreach (var old in ofKind.OrderBy(e => e.Value.LastUsed).Take(ofKind.Count - (max * 3 / 4)))
            _entries.TryRemove(old);
    }

    private static string KindOf(string key) => key.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? key[..colon] : key;

    private sealed record Computed(long Version, long Started, long At, object Value);

    private sealed class Entry
    {
        public Computed? Stored { get; set; }
        public Task<Computed>? Refresh { get; set; }
        public long LastUsed { get; set; }
    }
}

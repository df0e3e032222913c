using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// The application's registrations with one live source configured against a fake API; rate-limit waits are recorded and
/// move the fake clock instead of sleeping, retries have no back-off delay.
/// </summary>
public sealed class LiveSourceHost : IAsyncDisposable
{
    private LiveSourceHost(IngestionHost host, string name, RecordingDelay delay)
    {
        Host = host;
        Name = name;
        Delay = delay;
    }

    public IngestionHost Host { get; }
    public string Name { get; }
    public RecordingDelay Delay { get; }

    public static async Task<LiveSourceHost> CreateAsync(string name, IDictionary<string, string?> source, int batchSize = 100,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            [$"LiveSources:{name}:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in source)
            values[$"LiveSources:{name}:{key}"] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        RecordingDelay? delay = null;
        var host = await IngestionHost.CreateAsync(batchSize, services =>
        {
            services.AddSingleton<IRateLimitDelay>(sp => delay = new RecordingDelay((FakeTimeProvider)sp.GetRequiredService<TimeProvider>()));
            configure?.Invoke(services);
        }, values);
        _ = host.Host.Services.GetRequiredService<IRateLimitDelay>();
        return new LiveSourceHost(host, name, delay!);
    }

    public Task<IngestionResult> SyncAsync(bool fromStart = false, IProgress<IngestionProgress>? progress = null, CancellationToken ct = default) =>
        Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            await sp.GetRequiredService<LiveSourceCatalog>().RegisterAsync(db, ct);
            var id = await db.SourceSystems.Where(s => s.Name == Name).Select(s => s.Id).SingleAsync(ct);
            return await sp.GetRequiredService<SourceSync>().SyncAsync(id, new IngestionRequest("test", fromStart), progress, ct);
        });

    public Task<SyncRun> LastRunAsync() => Host.QueryAsync(db => db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync());

    public Task<SourceSystem> SourceAsync() => Host.QueryAsync(db => db.SourceSystems.AsNoTracking().SingleAsync(s => s.Name == Name));

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Records each rate-limit wait and advances the fake clock by it, as if the wait had happened.</summary>
public sealed class RecordingDelay(FakeTimeProvider clock) : IRateLimitDelay
{
    public List<TimeSpan> Waits { get; } = [];

    public Task DelayAsync(TimeSpan wait, CancellationToken ct)
    {
        lock (Waits)
            Waits.Add(wait);
        clock.Advance(wait);
        return Task.CompletedTask;
    }
}

/// <summary>Cancels the run when the first batch is committed: a run killed half-way.</summary>
public sealed class CancelOnFirstBatch(CancellationTokenSource cancel) : IProgress<IngestionProgress>
{
    public void Report(IngestionProgress value) => cancel.Cancel();
}

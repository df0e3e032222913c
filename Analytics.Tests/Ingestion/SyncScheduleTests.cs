using System.Runtime.CompilerServices;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Ingestion;

/// <summary>The real Hangfire server over in-memory storage, polling fast, running the scheduled syncs.</summary>
public sealed class SyncScheduleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static BackgroundJobServer StartServer(IngestionHost host, int workers = 2) =>
        new(new BackgroundJobServerOptions
        {
            WorkerCount = workers,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(50),
            Activator = host.Host.Services.GetRequiredService<JobActivator>(),
            ServerName = $"test-{Guid.NewGuid():N}",
        }, host.Host.Services.GetRequiredService<JobStorage>());

    private static async Task<int> AddSourceAsync(IngestionHost host, string name, string kind, string location, string? schedule)
    {
        var id = await host.InScopeAsync(async sp => (await sp.GetRequiredService<SourceSync>().EnsureSourceAsync(name, kind, location, default)).Id);
        await host.QueryAsync(db => db.SourceSystems.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Schedule, schedule)));
        return id;
    }

    /// <summary>Waits for a state the server reaches asynchronously; a generous limit only guards against a hang.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            Assert.True(DateTime.UtcNow < deadline, $"Still not there after {Patience.TotalSeconds} s: {value}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Each_scheduled_source_gets_a_recurring_sync_in_the_configured_time_zone()
    {
        await using var host = await IngestionHost.CreateAsync(settings: new Dictionary<string, string?> { ["Jobs:TimeZone"] = "Europe/Berlin" });
        await AddSourceAsync(host, "wiki", ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), "0 3 * * *");
        await AddSourceAsync(host, "manual", ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-identities.csv"), null);

        var ids = await host.InScopeAsync(sp => sp.GetRequiredService<SyncSchedule>().ApplyAsync(default));

        Assert.Equal([SyncSchedule.SyncId("wiki")], ids);
        using var connection = host.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id.StartsWith(SyncSchedule.SyncIdPrefix, StringComparison.Ordinal));
        Assert.Equal(("sync:wiki", "0 3 * * *", "Europe/Berlin"), (job.Id, job.Cron, job.TimeZoneId));
        Assert.Equal(typeof(SourceSyncJob), job.Job.Type);

        // Unscheduling the source removes its recurring job on the next refresh.
        await host.QueryAsync(db => db.SourceSystems.ExecuteUpdateAsync(s => s.SetProperty(x => x.Schedule, (string?)null)));
        Assert.Empty(await host.InScopeAsync(sp => sp.GetRequiredService<SyncSchedule>().ApplyAsync(default)));
        Assert.DoesNotContain(connection.GetRecurringJobs(), j => j.Id == "sync:wiki");
    }

    [Fact]
    public async Task A_triggered_recurring_sync_runs_on_the_server_and_records_its_run()
    {
        await using var host = await IngestionHost.CreateAsync();
        var sourceId = await AddSourceAsync(host, "wiki", ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), "0 3 * * *");
        await host.InScopeAsync(sp => sp.GetRequiredService<SyncSchedule>().ApplyAsync(default));
        using var server = StartServer(host);

        host.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(SyncSchedule.SyncId("wiki"));

        var run = await EventuallyAsync(() => host.QueryAsync(db => db.SyncRuns.Where(r => r.SourceSystemId == sourceId).FirstOrDefaultAsync()),
            r => r is { Status: not SyncRunStatus.Running });
        Assert.Equal((SyncRunStatus.Succeeded, "schedule", 8L), (run!.Status, run.Trigger, run.Inserted));
        Assert.Equal(8, await host.QueryAsync(db => db.Activities.CountAsync()));
    }

    [Fact]
    public async Task A_failed_scheduled_sync_shows_its_error_in_the_run()
    {
        await using var host = await IngestionHost.CreateAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.csv");
        var sourceId = await AddSourceAsync(host, "gone", ActivityCsvConnector.KindName, missing, "0 3 * * *");
        await host.InScopeAsync(sp => sp.GetRequiredService<SyncSchedule>().ApplyAsync(default));
        using var server = StartServer(host);

        host.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(SyncSchedule.SyncId("gone"));

        var run = await EventuallyAsync(() => host.QueryAsync(db => db.SyncRuns.Where(r => r.SourceSystemId == sourceId).FirstOrDefaultAsync()),
            r => r is { Status: not SyncRunStatus.Running });
        Assert.Equal(SyncRunStatus.Failed, run!.Status);
        Assert.StartsWith("FileNotFoundException", run.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(missing), run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_syncs_of_one_source_never_run_at_once()
    {
        var tracker = new ConcurrencyTracker();
        await using var host = await IngestionHost.CreateAsync(configure: services =>
            services.AddSingleton<ISourceConnectorFactory>(new SlowConnectorFactory(tracker)));
        var sourceId = await AddSourceAsync(host, "slow", SlowConnectorFactory.KindName, "anywhere", null);
        using var server = StartServer(host, workers: 2);

        var client = host.Host.Services.GetRequiredService<IBackgroundJobClient>();
        client.Enqueue<SourceSyncJob>(job => job.RunAsync(sourceId, CancellationToken.None));
        client.Enqueue<SourceSyncJob>(job => job.RunAsync(sourceId, CancellationToken.None));

        var runs = await EventuallyAsync(() => host.QueryAsync(db => db.SyncRuns.Where(r => r.SourceSystemId == sourceId).ToListAsync()),
            r => r.Count == 2 && r.All(x => x.Status != SyncRunStatus.Running));
        Assert.All(runs, r => Assert.Equal(SyncRunStatus.Succeeded, r.Status));
        Assert.Equal(2, tracker.Runs);
        Assert.Equal(1, tracker.MaxConcurrent);
        Assert.Equal(SlowConnectorFactory.Records, await host.QueryAsync(db => db.Activities.CountAsync()));
    }

    private sealed class ConcurrencyTracker
    {
        private int _current;
        private int _max;
        private int _runs;

        public int MaxConcurrent => Volatile.Read(ref _max);
        public int Runs => Volatile.Read(ref _runs);

        public void Enter()
        {
            Interlocked.Increment(ref _runs);
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Leave() => Interlocked.Decrement(ref _current);
    }

    /// <summary>A connector slow enough that two unguarded runs would overlap.</summary>
    private sealed class SlowConnectorFactory(ConcurrencyTracker tracker) : ISourceConnectorFactory
    {
        public const string KindName = "slow-test";
        public const int Records = 5;

        public string Kind => KindName;

        public ISourceConnector Create(string location) => new Connector(tracker);

        private sealed class Connector(ConcurrencyTracker tracker) : ISourceConnector
        {
            public string Kind => KindName;

            public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
            {
                tracker.Enter();
                try
                {
                    for (var n = 1; n <= Records; n++)
                    {
                        await Task.Delay(100, ct);
                        yield return new ActivityRecord(new RecordLocation("slow", n), null, $"slow-{n}", ActivityType.Posted,
                            new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc), new AccountRef("someone@example.com", Email: "someone@example.com"), null);
                    }
                }
                finally
                {
                    tracker.Leave();
                }
            }
        }
    }
}

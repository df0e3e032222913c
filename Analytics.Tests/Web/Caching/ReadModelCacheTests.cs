using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Analytics.Web.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Analytics.Tests.Web.Caching;

/// <summary>
/// The dashboard's read-model cache: one computation per key and data version, the previous figures while a slow
/// recomputation runs, and a data version on SQLite that sees every other writer but not the audit trail.
/// </summary>
public sealed class ReadModelCacheTests
{
    private sealed class Versions : IDataVersion
    {
        public long Value;

        public ValueTask<long> CurrentAsync(CancellationToken ct) => ValueTask.FromResult(Interlocked.Read(ref Value));

        public Task AppendAuditAsync(AnalyticsDbContext requestDb, AuditEntry entry, CancellationToken ct) =>
            throw new NotSupportedException("The cache does not write.");
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }

    private sealed record Figures(long Version, int Computation);

    private static ReadModelCache Cache(IDataVersion versions, TimeSpan refreshWait, int maxEntries = 512, TimeSpan? maxAge = null, TimeProvider? clock = null) =>
        new(versions, new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), new Lifetime(),
            Options.Create(new DashboardCacheOptions { RefreshWait = refreshWait, MaxEntries = maxEntries, MaxAge = maxAge ?? TimeSpan.FromMinutes(10) }),
            clock ?? TimeProvider.System, NullLogger<ReadModelCache>.Instance);

    [Fact]
    public async Task Concurrent_requests_for_the_same_key_and_version_share_one_computation()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromSeconds(2));
        var computations = 0;
        var release = new TaskCompletionSource();

        var requests = Enumerable.Range(0, 20).Select(_ => cache.GetAsync("overview:2026-10", async (_, _) =>
        {
            var n = Interlocked.Increment(ref computations);
            await release.Task;
            return new Figures(0, n);
        }, CancellationToken.None)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(requests);

        Assert.Equal(1, computations);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Same(results[0], await cache.GetAsync("overview:2026-10", (_, _) => Task.FromResult(new Figures(0, 99)), CancellationToken.None));
        Assert.Equal(1, cache.Computations);
    }

    [Fact]
    public async Task A_new_data_version_gives_new_figures_and_a_different_key_its_own()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromSeconds(30));
        Task<Figures> Get(string key) => cache.GetAsync(key, (_, _) => Task.FromResult(new Figures(Interlocked.Read(ref versions.Value), 0)), CancellationToken.None);

        Assert.Equal(0, (await Get("leaderboard:a")).Version);
        versions.Value = 7;
        Assert.Equal(7, (await Get("leaderboard:a")).Version);
        Assert.Equal(7, (await Get("leaderboard:b")).Version);
        Assert.Equal(3, cache.Computations);
    }

    [Fact]
    public async Task Figures_older_than_the_maximum_age_are_recomputed_though_no_data_changed()
    {
        // The age is read from the clock the app is given: a fake one here, so a busy machine cannot age the figures
        // between two requests (it did with the real clock and 200 ms, under four test threads).
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var cache = Cache(new Versions(), TimeSpan.FromSeconds(30), maxAge: TimeSpan.FromMinutes(1), clock: clock);
        var computations = 0;
        Task<Figures> Get() => cache.GetAsync("barriers:x", (_, _) => Task.FromResult(new Figures(0, Interlocked.Increment(ref computations))), CancellationToken.None);

        Assert.Equal(1, (await Get()).Computation);
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, (await Get()).Computation);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await Get()).Computation);
        Assert.Equal(2, (await Get()).Computation);
    }

    [Fact]
    public async Task A_slow_recomputation_serves_the_previous_figures_after_the_wait_then_the_new_ones()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromMilliseconds(100));
        var first = await cache.GetAsync("overview:x", (_, _) => Task.FromResult(new Figures(0, 1)), CancellationToken.None);
        versions.Value = 1;
        var release = new TaskCompletionSource();
        var computations = 0;
        Func<IServiceProvider, CancellationToken, Task<Figures>> slow = async (_, _) =>
        {
            Interlocked.Increment(ref computations);
            await release.Task;
            return new Figures(1, 2);
        };

        // Everyone asking during the recomputation gets the previous figures after the wait, and no second computation starts.
        var during = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync("overview:x", slow, CancellationToken.None)));
        Assert.All(during, r => Assert.Same(first, r));
        Assert.Equal(1, computations);

        release.SetResult();
        var after = await cache.GetAsync("overview:x", slow, CancellationToken.None);
        Assert.Equal(new Figures(1, 2), after);
        Assert.Equal(1, computations);
    }

    [Fact]
    public async Task The_request_that_starts_a_recomputation_waits_for_it_and_the_others_get_the_previous_figures_at_once()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromMinutes(5));
        var previous = await cache.GetAsync("overview:z", (_, _) => Task.FromResult(new Figures(0, 1)), CancellationToken.None);
        versions.Value = 1;
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        Func<IServiceProvider, CancellationToken, Task<Figures>> slow = async (_, _) =>
        {
            started.TrySetResult();
            await release.Task;
            return new Figures(1, 2);
        };

        var starter = cache.GetAsync("overview:z", slow, CancellationToken.None);
        await started.Task;
        var other = await cache.GetAsync("overview:z", slow, CancellationToken.None);

        Assert.Same(previous, other);
        Assert.False(starter.IsCompleted);
        release.SetResult();
        Assert.Equal(new Figures(1, 2), await starter);
        Assert.Equal(2, cache.Computations);
    }

    [Fact]
    public async Task A_computation_that_reads_other_figures_waits_for_their_current_version_instead_of_taking_the_previous()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromMilliseconds(10));
        Task<Figures> Month() => cache.GetAsync("overview-month:x", async (_, _) =>
        {
            var version = Interlocked.Read(ref versions.Value);
            if (version > 0)
                await Task.Delay(300, CancellationToken.None);
            return new Figures(version, 0);
        }, CancellationToken.None);
        Task<Figures> Overview() => cache.GetAsync("overview:x", async (_, _) => new Figures(Interlocked.Read(ref versions.Value), (int)(await Month()).Version),
            CancellationToken.None);

        Assert.Equal(new Figures(0, 0), await Overview());
        versions.Value = 1;

        // A plain request for the month gets the previous one after its short wait; the overview's computation does not.
        Assert.Equal(0, (await Month()).Version);
        var overview = await Overview();
        for (var i = 0; i < 100 && overview.Version == 0; i++)
        {
            await Task.Delay(50);
            overview = await Overview();
        }

        Assert.Equal(new Figures(1, 1), overview);
    }

    [Fact]
    public async Task With_nothing_stored_a_request_waits_for_the_figures_however_long_they_take()
    {
        var cache = Cache(new Versions(), TimeSpan.FromMilliseconds(10));
        var figures = await cache.GetAsync("departments:x", async (_, _) =>
        {
            await Task.Delay(300, CancellationToken.None);
            return new Figures(0, 1);
        }, CancellationToken.None);
        Assert.Equal(new Figures(0, 1), figures);
    }

    [Fact]
    public async Task A_failed_recomputation_keeps_the_previous_figures_and_the_next_request_tries_again()
    {
        var versions = new Versions();
        var cache = Cache(versions, TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await cache.GetAsync("leaderboard:x", (_, _) => Task.FromResult(new Figures(0, 1)), CancellationToken.None)).Computation);
        versions.Value = 1;

        var served = await cache.GetAsync<Figures>("leaderboard:x", (_, _) => throw new InvalidOperationException("database locked"), CancellationToken.None);
        Assert.Equal(1, served.Computation);
        Assert.Equal(2, (await cache.GetAsync("leaderboard:x", (_, _) => Task.FromResult(new Figures(1, 2)), CancellationToken.None)).Computation);

        // Without previous figures the failure reaches the caller.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetAsync<Figures>("leaderboard:new", (_, _) => throw new InvalidOperationException("database locked"), CancellationToken.None));
        Assert.Equal("database locked", error.Message);
    }

    [Fact]
    public async Task A_cancelled_request_does_not_cancel_the_computation_others_wait_for()
    {
        var cache = Cache(new Versions(), TimeSpan.FromSeconds(5));
        var release = new TaskCompletionSource();
        Func<IServiceProvider, CancellationToken, Task<Figures>> compute = async (_, _) =>
        {
            await release.Task;
            return new Figures(0, 1);
        };
        using var cancel = new CancellationTokenSource();
        var leaving = cache.GetAsync("overview:y", compute, cancel.Token);
        var staying = cache.GetAsync("overview:y", compute, CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);

        release.SetResult();
        Assert.Equal(new Figures(0, 1), await staying);
        Assert.Equal(1, cache.Computations);
    }

    [Fact]
    public async Task Many_profiles_never_push_the_overview_out()
    {
        var cache = Cache(new Versions(), TimeSpan.FromSeconds(5), maxEntries: 16);
        await cache.GetAsync("overview:2026-10", (_, _) => Task.FromResult(new Figures(0, 0)), CancellationToken.None);
        for (var i = 0; i < 100; i++)
            await cache.GetAsync($"profile:{i}:2026-10", (_, _) => Task.FromResult(new Figures(0, i)), CancellationToken.None);

        Assert.True(cache.Count <= 17, $"{cache.Count} entries kept");
        var computations = cache.Computations;
        await cache.GetAsync("overview:2026-10", (_, _) => Task.FromResult(new Figures(0, 1)), CancellationToken.None);
        Assert.Equal(computations, cache.Computations);
    }

    [Fact]
    public async Task Sqlite_data_version_sees_every_other_writer_but_not_the_audit_written_through_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = database.ConnectionString });
        await using var versions = new SqliteDataVersion(options);
        var before = await versions.CurrentAsync(CancellationToken.None);
        Assert.Equal(before, await versions.CurrentAsync(CancellationToken.None));

        await using (var db = database.CreateContext())
        {
            // Views arriving together are committed together, and none of them moves the version.
            await Task.WhenAll(Enumerable.Range(1, 20).Select(i => versions.AppendAuditAsync(db,
                new AuditEntry { At = DateTimeOffset.UtcNow, Actor = "hr", Action = "profile.viewed", Subject = $"Person:{i}", Details = "page" },
                CancellationToken.None)));
            Assert.Equal(20, db.AuditEntries.Count(a => a.Action == "profile.viewed"));
            Assert.Equal(before, await versions.CurrentAsync(CancellationToken.None));

            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = "hr", Action = "export.downloaded", Subject = "x" });
            await db.SaveChangesAsync();
        }

        var afterOtherWriter = await versions.CurrentAsync(CancellationToken.None);
        Assert.NotEqual(before, afterOtherWriter);
    }

    [Fact]
    public async Task Sql_server_version_moves_with_the_interval_and_with_this_process_writes_but_not_its_audit_of_views()
    {
        await using var database = await TestDatabase.CreateAsync();
        var writes = new LocalWrites();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        var versions = new IntervalDataVersion(clock, Options.Create(new DashboardCacheOptions { SqlServerRefreshSeconds = 30 }), writes);
        var options = new DbContextOptionsBuilder<SqliteAnalyticsDbContext>().UseSqlite(database.ConnectionString)
            .AddInterceptors(new LocalWritesInterceptor(writes)).Options;
        await using var db = new SqliteAnalyticsDbContext(options);

        var start = await versions.CurrentAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(start, await versions.CurrentAsync(CancellationToken.None));

        await versions.AppendAuditAsync(db, new AuditEntry { At = clock.GetUtcNow(), Actor = "hr", Action = "profile.viewed", Subject = "Person:1" },
            CancellationToken.None);
        Assert.Equal(start, await versions.CurrentAsync(CancellationToken.None));

        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = "manager", Action = "award.created", Subject = "Employee:7" });
        await db.SaveChangesAsync();
        var afterWrite = await versions.CurrentAsync(CancellationToken.None);
        Assert.NotEqual(start, afterWrite);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotEqual(afterWrite, await versions.CurrentAsync(CancellationToken.None));
    }
}

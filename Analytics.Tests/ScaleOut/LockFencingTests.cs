using System.Data.Common;
using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Tests.ScaleOut;

/// <summary>
/// A holder whose lease was taken over writes nothing more (ADR 1508). Before the fence, a holder whose renewal waited
/// behind its own long SQLite transaction lost its lease unnoticed and carried on writing beside the new holder (two
/// overlapping aggregations in 2 of 6 runs of the multi-process test with a 3-5 s lease).
/// The takeover is played by a second connection, as another process would do it: the row's owner changes.
/// </summary>
public sealed class LockFencingTests
{
    private static DateTime At(int day) => new(2026, 10, day, 12, 0, 0, DateTimeKind.Utc);
    private static DateOnly D(int day) => new(2026, 10, day);

    private static async Task<(SourceAccount Alice, KnowledgeItem Page)> ThreeDaysAsync(MetricsWorld w)
    {
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Authored, alice, page, At(1));
        await w.ActAsync(ActivityType.Edited, alice, page, At(2));
        await w.ActAsync(ActivityType.Edited, alice, page, At(3));
        return (alice, page);
    }

    private static async Task TakeOverAsync(TestDatabase database, string name)
    {
        await using var other = database.CreateContext();
        await other.LockLeases.Where(l => l.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, "other-host:4242:takeover").SetProperty(l => l.ExpiresAt, DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public async Task An_aggregation_whose_lease_was_taken_over_between_two_days_stops_before_writing_the_next_day()
    {
        await using var w = await MetricsWorld.CreateAsync();
        await ThreeDaysAsync(w);

        var takeover = new TakeOverAfterFirstDay(w.Database, Aggregator.LockName);
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(takeover).Options))
        {
            var aggregator = new Aggregator(db, new BadgeAwarder(db), w.Clock, NullLogger<Aggregator>.Instance);
            var lost = await Assert.ThrowsAsync<LockLostException>(() => aggregator.RunAsync(false, CancellationToken.None));
            Assert.Contains("The lock 'aggregation' was lost", lost.Message, StringComparison.Ordinal);
        }

        Assert.True(takeover.Done);
        Assert.Equal([D(1)], await w.Db.DailyPersonMetrics.Select(m => m.Day).ToListAsync());
        Assert.Equal([D(2), D(3)], await w.Db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync());
        // The loser leaves the new holder's lease alone when it lets go.
        Assert.Equal("other-host:4242:takeover", await w.Db.LockLeases.Where(l => l.Name == Aggregator.LockName).Select(l => l.Owner).SingleAsync());
    }

    [Fact]
    public async Task A_month_close_whose_lease_was_taken_over_after_its_aggregation_writes_no_close_and_no_snapshot()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var (alice, page) = await ThreeDaysAsync(w);
        await w.AggregateAsync();
        await w.ActAsync(ActivityType.Edited, alice, page, At(4));

        var takeover = new TakeOverAfterFirstDay(w.Database, Aggregator.LockName);
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(takeover).Options))
        {
            var closer = new MonthCloser(db, new Aggregator(db, new BadgeAwarder(db), w.Clock, NullLogger<Aggregator>.Instance), w.Clock);
            await Assert.ThrowsAsync<LockLostException>(() => closer.CloseAsync(D(1), "test", CancellationToken.None));
        }

        Assert.True(takeover.Done);
        Assert.Empty(await w.Db.MonthCloses.ToListAsync());
        Assert.Empty(await w.Db.MonthlySnapshots.ToListAsync());
    }

    [Fact]
    public async Task The_fence_renews_the_lease_inside_the_callers_transaction()
    {
        await using var w = await MetricsWorld.CreateAsync();
        await using var held = await DatabaseLock.Over(w.Db).AcquireAsync("fence-test", TimeSpan.FromSeconds(5), CancellationToken.None);
        var nearlyExpired = DateTimeOffset.UtcNow.AddMilliseconds(200);
        await w.Db.LockLeases.Where(l => l.Name == "fence-test").ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, nearlyExpired));

        await using (var transaction = await w.Db.Database.BeginTransactionAsync())
        {
            await held.FenceAsync(w.Db, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var expires = await w.Db.LockLeases.AsNoTracking().Where(l => l.Name == "fence-test").Select(l => l.ExpiresAt).SingleAsync();
        // The default lease is far longer than the 200 ms left before the fence.
        Assert.True(expires > nearlyExpired.AddSeconds(10), $"lease still ends at {expires:O}");
    }

    [Fact]
    public async Task The_timer_leaves_the_lease_to_a_holder_that_fences_and_renews_it_when_the_holder_does_not()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var options = new Analytics.Jobs.Hosting.JobsOptions { LockLease = TimeSpan.FromSeconds(6) };
        var locks = new DatabaseLock(() => w.Database.CreateContext(), options, NullLogger.Instance);
        await using var held = await locks.AcquireAsync("fence-timer", TimeSpan.FromSeconds(5), CancellationToken.None);

        // A lease of work whose transactions each fence, far more often than the timer's 2 s tick.
        var fencing = System.Diagnostics.Stopwatch.StartNew();
        while (fencing.Elapsed < TimeSpan.FromSeconds(6))
        {
            await using (var transaction = await w.Db.Database.BeginTransactionAsync())
            {
                await held.FenceAsync(w.Db, CancellationToken.None);
                await transaction.CommitAsync();
            }

            await Task.Delay(100);
        }

        Assert.Equal(0, held.TimerRenewals);

        // Work that does not fence (between transactions, a long read): the timer keeps the lease alive.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.True(held.TimerRenewals > 0, "the timer never renewed a lease nobody fenced");
        var expires = await w.Db.LockLeases.AsNoTracking().Where(l => l.Name == held.Name).Select(l => l.ExpiresAt).SingleAsync();
        Assert.True(expires > DateTimeOffset.UtcNow, $"the lease ended at {expires:O}");
    }

    /// <summary>Plays another process taking the lock over once the holder's first day (the transaction that clears a dirty mark) has committed.</summary>
    private sealed class TakeOverAfterFirstDay(TestDatabase database, string name) : IDbCommandInterceptor, IDbTransactionInterceptor
    {
        private bool _dayWritten;

        public bool Done { get; private set; }

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("DELETE FROM \"DirtyDays\"", StringComparison.Ordinal))
                _dayWritten = true;
            return ValueTask.FromResult(result);
        }

        public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (_dayWritten && !Done)
            {
                Done = true;
                await TakeOverAsync(database, name);
            }
        }
    }
}

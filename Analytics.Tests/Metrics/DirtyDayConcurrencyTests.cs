using System.Data.Common;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Tests.Metrics;

/// <summary>
/// Dirty-day marks without SQLite's single writer to lean on (ADR 1403): the aggregator clears a day only if nobody
/// marked it during its recompute, and two writers marking the same new day at once both succeed.
/// </summary>
public sealed class DirtyDayConcurrencyTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public async Task A_day_marked_again_during_its_recompute_stays_dirty()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Authored, alice, page, new DateTime(2026, 10, 1, 12, 0, 0, DateTimeKind.Utc));

        // A writer (an import on SQL Server under READ COMMITTED) marks the day after the aggregator read its
        // activities and before it clears the mark: simulated in the aggregator's own transaction, with the real MarkAsync.
        var remark = new MarkBeforeFirstDirtyDayDelete(D(10, 1), w.Clock.GetUtcNow());
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(remark).Options))
        {
            var result = await new Aggregator(db, new BadgeAwarder(db), w.Clock, NullLogger<Aggregator>.Instance).RunAsync(false, CancellationToken.None);
            Assert.Equal(1, result.Days);
        }

        Assert.True(remark.Fired);
        Assert.Equal([D(10, 1)], await w.Db.DirtyDays.Select(d => d.Day).ToListAsync());
        Assert.Equal(1, await w.Db.DailyPersonMetrics.CountAsync());

        // The next run recomputes it and clears it.
        Assert.Equal(1, (await w.AggregateAsync()).Days);
        Assert.Empty(await w.Db.DirtyDays.ToListAsync());
    }

    [Fact]
    public async Task Two_writers_marking_the_same_new_day_at_once_both_succeed_and_the_day_is_marked_once()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var day = D(10, 2);
        var now = w.Clock.GetUtcNow();

        // Writer B looked (the day is not marked) and is about to insert; writer A inserts the same day first.
        var first = new MarkWhenSaveBegins(w.Database.ConnectionString, day, now);
        await using (var second = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(first).Options))
        {
            await DirtyDays.MarkAsync(second, [day], now, CancellationToken.None);
        }

        Assert.True(first.Fired);
        var mark = Assert.Single(await w.Db.DirtyDays.AsNoTracking().ToListAsync());
        Assert.Equal(day, mark.Day);
        Assert.Equal(2, mark.Generation);
    }

    private sealed class MarkBeforeFirstDirtyDayDelete(DateOnly day, DateTimeOffset now) : DbCommandInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Fired && command.CommandText.StartsWith("DELETE FROM \"DirtyDays\"", StringComparison.Ordinal))
            {
                Fired = true;
                await using var writer = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                    .UseSqlite(command.Connection!).Options);
                await writer.Database.UseTransactionAsync(command.Transaction, cancellationToken);
                await DirtyDays.MarkAsync(writer, [day], now, cancellationToken);
            }

            return result;
        }
    }

    /// <summary>Writer A's whole mark runs just before writer B's insert (B's SaveChanges is one statement, no transaction).</summary>
    private sealed class MarkWhenSaveBegins(string connectionString, DateOnly day, DateTimeOffset now) : DbCommandInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await MarkFirstAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await MarkFirstAsync(command, cancellationToken);
            return result;
        }

        private async Task MarkFirstAsync(DbCommand command, CancellationToken ct)
        {
            if (Fired || !command.CommandText.Contains("INSERT INTO \"DirtyDays\"", StringComparison.Ordinal))
                return;
            Fired = true;
            await using var other = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
            await DirtyDays.MarkAsync(other, [day], now, ct);
        }
    }
}

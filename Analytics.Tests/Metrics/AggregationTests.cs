using System.Data.Common;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Tests.Metrics;

public sealed class AggregationTests
{
    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);
    private static DateOnly D(int month, int day) => new(2026, month, day);

    [Fact]
    public async Task Aggregation_writes_each_day_with_that_days_department_and_clears_the_marks()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var b = await w.DepartmentAsync("B");
        var alice = await w.PersonAsync("alice", a);
        var bob = await w.PersonAsync("bob", b);
        var carol = await w.PersonAsync("carol", a);
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Authored, alice, page, At(10, 1));
        await w.ActAsync(ActivityType.Viewed, bob, page, At(10, 2, 9));
        await w.ActAsync(ActivityType.Viewed, bob, page, At(10, 2, 15));
        await w.ActAsync(ActivityType.Upvoted, carol, page, At(10, 2));
        await w.ActAsync(ActivityType.Viewed, alice, page, At(10, 2)); // self-reuse
        await w.TransferAsync(alice, b, D(10, 10));
        await w.ActAsync(ActivityType.Viewed, bob, page, At(10, 12));

        var first = await w.AggregateAsync();

        Assert.Equal(3, first.Days);
        var rows = await w.Db.DailyPersonMetrics.OrderBy(m => m.Day).ThenBy(m => m.Type).ToListAsync();
        Assert.Equal(
            [(D(10, 1), ActivityType.Authored, a.Id, 1, 1.0, 0.0), (D(10, 2), ActivityType.Viewed, a.Id, 1, 1.0, 1.0),
             (D(10, 2), ActivityType.Upvoted, a.Id, 1, 1.0, 0.0), (D(10, 12), ActivityType.Viewed, b.Id, 1, 1.0, 0.0)],
            rows.Select(r => (r.Day, r.Type, r.DepartmentId!.Value, r.Count, r.Quantity, r.CrossTeam)));
        Assert.All(rows, r => Assert.Equal(alice.PersonId, r.PersonId));
        var flow = await w.Db.DailyFlows.Where(f => f.Day == D(10, 2) && f.Type == ActivityType.Viewed).SingleAsync();
        Assert.Equal((a.Id, b.Id, 1.0), (flow.AuthorDepartmentId, flow.ReuserDepartmentId, flow.Events));
        Assert.Empty(await w.Db.DirtyDays.ToListAsync());
        Assert.Equal(4, await w.Db.PointsEntries.CountAsync());

        var second = await w.AggregateAsync();
        Assert.Equal(0, second.Days);
        Assert.Equal(4, await w.Db.DailyPersonMetrics.CountAsync());
    }

    [Fact]
    public async Task Only_dirty_days_are_recomputed_and_full_recomputes_everything()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Authored, alice, page, At(10, 1));
        await w.ActAsync(ActivityType.Edited, alice, page, At(10, 2));
        await w.AggregateAsync();

        // Tamper with a clean day: an incremental run must not touch it, a full one must repair it.
        await w.Db.DailyPersonMetrics.Where(m => m.Day == D(10, 1)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Count, 99));
        await w.ActAsync(ActivityType.Edited, alice, page, At(10, 2, 18));
        var incremental = await w.AggregateAsync();

        Assert.Equal(1, incremental.Days);
        Assert.Equal(99, (await w.Db.DailyPersonMetrics.SingleAsync(m => m.Day == D(10, 1))).Count);
        Assert.Equal(2, (await w.Db.DailyPersonMetrics.SingleAsync(m => m.Day == D(10, 2))).Count);

        await w.AggregateAsync(full: true);
        Assert.Equal(1, (await w.Db.DailyPersonMetrics.SingleAsync(m => m.Day == D(10, 1))).Count);
    }

    [Fact]
    public async Task A_run_killed_between_days_keeps_finished_days_and_leaves_the_rest_marked()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Authored, alice, page, At(10, 1));
        await w.ActAsync(ActivityType.Edited, alice, page, At(10, 2));
        await w.ActAsync(ActivityType.Edited, alice, page, At(10, 3));

        // The second day's transaction dies just before it would clear its mark.
        var killer = new KillOnNthDirtyDayDelete(2);
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(killer).Options))
        {
            var aggregator = new Aggregator(db, new BadgeAwarder(db), w.Clock, NullLogger<Aggregator>.Instance);
            await Assert.ThrowsAsync<InvalidOperationException>(() => aggregator.RunAsync(false, CancellationToken.None));
        }

        Assert.Equal([D(10, 1)], await w.Db.DailyPersonMetrics.Select(m => m.Day).ToListAsync());
        Assert.Equal([D(10, 2), D(10, 3)], await w.Db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync());

        await w.AggregateAsync();
        Assert.Equal(3, await w.Db.DailyPersonMetrics.CountAsync());
        Assert.Empty(await w.Db.DirtyDays.ToListAsync());
    }

    [Fact]
    public async Task Badges_earned_on_days_a_stopped_run_committed_are_awarded_by_the_next_run()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        var bob = await w.PersonAsync("bob", a);
        var question = await w.ItemAsync(bob, kind: "question");
        var answer = await w.ItemAsync(alice, kind: "answer", parent: question);
        await w.ActAsync(ActivityType.Asked, bob, question, At(10, 1, 9));
        await w.ActAsync(ActivityType.Answered, alice, answer, At(10, 1, 10));
        await w.ActAsync(ActivityType.Edited, bob, question, At(10, 2));
        await w.ActAsync(ActivityType.Edited, bob, question, At(10, 3));

        // Days 1 and 2 commit, day 3 dies: the run never reaches its badge check.
        await using (var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
                         .UseSqlite(w.Database.ConnectionString).AddInterceptors(new KillOnNthDirtyDayDelete(3)).Options))
        {
            var aggregator = new Aggregator(db, new BadgeAwarder(db), w.Clock, NullLogger<Aggregator>.Instance);
            await Assert.ThrowsAsync<InvalidOperationException>(() => aggregator.RunAsync(false, CancellationToken.None));
        }

        Assert.Empty(await w.Db.BadgeAwards.ToListAsync());
        Assert.Equal([D(10, 3)], await w.Db.DirtyDays.Select(d => d.Day).ToListAsync());

        // The next run recomputes only day 3 (bob), yet alice's first answer on day 1 earns her badge.
        var rerun = await w.AggregateAsync();
        Assert.Equal(1, rerun.Days);
        var badges = await w.Db.BadgeAwards.Select(b => new { b.PersonId, b.BadgeCode, b.AwardedOn }).ToListAsync();
        Assert.Contains(badges, b => b.PersonId == alice.PersonId && b.BadgeCode == "first-answer" && b.AwardedOn == D(10, 1));
        Assert.Empty(await w.Db.PendingBadgeChecks.ToListAsync());
    }

    [Fact]
    public async Task A_badge_reached_over_several_months_is_awarded_on_its_day_by_an_incremental_run_and_not_before()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var mia = await w.PersonAsync("mia", a);
        var max = await w.PersonAsync("max", a);
        // Mentoring hours, ten make the badge: mia reaches them on 5 October, max stays at 9.75 hours over two months.
        foreach (var (month, day) in new[] { (9, 28), (9, 30), (10, 2), (10, 5) })
            await w.ActAsync(ActivityType.Mentored, mia, null, At(month, day), quantity: 2.5);
        foreach (var (month, day) in new[] { (9, 29), (10, 1), (10, 3) })
            await w.ActAsync(ActivityType.Mentored, max, null, At(month, day), quantity: 3.25);
        await w.AggregateAsync();
        Assert.Equal([(mia.PersonId, D(10, 5))], await MentorsAsync());

        // The last quarter hour arrives in a later run, which reads the monthly roll-ups before the day rows (ADR 2306).
        await w.ActAsync(ActivityType.Mentored, max, null, At(10, 20), quantity: 0.25);
        var run = await w.AggregateAsync();
        Assert.Equal(1, run.Days);
        Assert.Equal([(mia.PersonId, D(10, 5)), (max.PersonId, D(10, 20))], await MentorsAsync());

        async Task<List<(int, DateOnly)>> MentorsAsync() =>
            [.. (await w.Db.BadgeAwards.AsNoTracking().Where(b => b.BadgeCode == BadgeCatalog.Mentor.Code).ToListAsync())
                .Select(b => (b.PersonId, b.AwardedOn)).OrderBy(b => b.AwardedOn)];
    }

    [Fact]
    public async Task An_identity_merge_updates_metrics_already_computed()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var b = await w.DepartmentAsync("B");
        var alice = await w.PersonAsync("alice", a);
        var bob = await w.PersonAsync("bob", b);
        var bobsOtherAccount = await w.PersonAsync("bob (chat)", department: null); // unlinked until merged
        var page = await w.ItemAsync(alice);
        await w.ActAsync(ActivityType.Viewed, bob, page, At(10, 5, 9));
        await w.ActAsync(ActivityType.Viewed, bobsOtherAccount, page, At(10, 5, 10));
        await w.AggregateAsync();
        var before = await w.Db.DailyPersonMetrics.SingleAsync();
        Assert.Equal((2.0, 1.0), (before.Quantity, before.CrossTeam));

        // Merge: the chat account now belongs to bob, and the days it touched are marked.
        var account = await w.Db.SourceAccounts.SingleAsync(s => s.Id == bobsOtherAccount.Id);
        account.PersonId = bob.PersonId;
        await w.Db.SaveChangesAsync();
        await DirtyDays.MarkAsync(w.Db, [D(10, 5)], MetricsWorld.Now, CancellationToken.None);
        await w.AggregateAsync();

        var after = await w.Db.DailyPersonMetrics.SingleAsync();
        Assert.Equal((1.0, 1.0), (after.Quantity, after.CrossTeam)); // one viewer, one view that day
    }

    /// <summary>Fails the Nth statement that clears a dirty mark, as if the process died there.</summary>
    private sealed class KillOnNthDirtyDayDelete(int n) : DbCommandInterceptor
    {
        private int _seen;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.StartsWith("DELETE FROM \"DirtyDays\"", StringComparison.Ordinal) && ++_seen == n)
                throw new InvalidOperationException("killed");
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

using System.Text.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Retention;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The monthly roll-ups (ADR 2011): after every aggregation they are exactly the month's day rows summed, and every
/// query that reads them for whole months gives the figures it gives from the day rows.
/// </summary>
public sealed class MonthlyRollupTests
{
    // Fields included: a tuple (ByDepartmentAsync's company and departments) has only fields, and would compare as "{}" = "{}".
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, IncludeFields = true };

    private static DateTime At(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Rollups_follow_the_day_rows_through_transfers_reaggregation_purge_and_a_closed_month()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var ann = await w.PersonAsync("ann", a);
        var ben = await w.PersonAsync("ben", b);
        var cat = await w.PersonAsync("cat", a);
        var bot = await w.PersonAsync("bot", null, bot: true);

        // A day that will be purged (before the retention horizon): its aggregates are the only record left of it.
        var early = await w.ItemAsync(ann);
        await w.ActAsync(ActivityType.Authored, ann, early, At(2025, 11, 20));
        await w.ActAsync(ActivityType.Viewed, ben, early, At(2025, 11, 21), quantity: 3);
        // September: written on the 28th, reused on October 3rd (a reuse crossing months); September is closed later.
        var page = await w.ItemAsync(ann);
        await w.ActAsync(ActivityType.Authored, ann, page, At(2026, 9, 28));
        await w.ActAsync(ActivityType.Upvoted, ben, page, At(2026, 9, 29));
        await w.ActAsync(ActivityType.Viewed, ben, page, At(2026, 10, 3), quantity: 5);
        // Cat changes department in the middle of October: one roll-up row per department, as the day rows have.
        await w.ActAsync(ActivityType.Authored, cat, await w.ItemAsync(cat), At(2026, 10, 10));
        await w.TransferAsync(cat, b, new DateOnly(2026, 10, 15));
        var catsPage = await w.ItemAsync(cat);
        await w.ActAsync(ActivityType.Authored, cat, catsPage, At(2026, 10, 20));
        await w.ActAsync(ActivityType.Viewed, ann, catsPage, At(2026, 10, 21), quantity: 2);
        await w.ActAsync(ActivityType.Mentored, cat, null, At(2026, 10, 22), quantity: 1.5);
        await w.ActAsync(ActivityType.Completed, ben, null, At(2026, 10, 23));
        await w.ActAsync(ActivityType.Authored, bot, await w.ItemAsync(bot), At(2026, 10, 24));
        await w.ActAsync(ActivityType.Edited, ann, page, At(2026, 11, 2));
        await w.AggregateAsync();
        await AssertRollupsEqualDayRowsAsync(w.Db);
        Assert.True(await w.Db.MonthlyPersonMetrics.CountAsync(m => m.PersonId == cat.PersonId && m.Month == new DateOnly(2026, 10, 1)
                                                                      && m.Type == ActivityType.Authored) == 2);

        // A re-aggregated day: a late import into October 10th; the month's roll-up follows.
        await w.ActAsync(ActivityType.Edited, cat, catsPage, At(2026, 10, 10, 15));
        await w.AggregateAsync();
        await AssertRollupsEqualDayRowsAsync(w.Db);

        // A closed (frozen) month: closing September, then a late activity in it. The day rows are recomputed (only
        // points are frozen), so the roll-up follows them.
        Assert.True(await w.Closer().CloseAsync(new DateOnly(2026, 9, 1), "test", CancellationToken.None));
        await w.ActAsync(ActivityType.Edited, ann, page, At(2026, 9, 30));
        await w.AggregateAsync();
        await AssertRollupsEqualDayRowsAsync(w.Db);

        // The purge removes November 2025's raw activity (a closed month: open months hold the horizon back); a full
        // recompute keeps that month's aggregates and roll-ups.
        Assert.True(await w.Closer().CloseAsync(new DateOnly(2025, 11, 1), "test", CancellationToken.None));
        var purger = new RetentionPurger(w.Db, Options.Create(new RetentionOptions { RawActivityMonths = 12 }),
            new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), DatabaseLock.Over(w.Db), NullLogger<RetentionPurger>.Instance);
        await purger.PurgeAsync(dryRun: false, "test", CancellationToken.None);
        Assert.False(await w.Db.Activities.AnyAsync(x => x.OccurredAt < At(2025, 12, 1, 0)));
        await w.AggregateAsync(full: true);
        await AssertRollupsEqualDayRowsAsync(w.Db);
        Assert.True(await w.Db.MonthlyPersonMetrics.AnyAsync(m => m.Month == new DateOnly(2025, 11, 1)));

        string[] periods = ["2025-11", "2026-09", "2026-10", "2026-11", "2026-Q4", "2026", "2025-11-01..2026-10-31"];
        foreach (var period in periods)
            await AssertSameBothWaysAsync(w.Db, w.Clock, ReportingPeriod.Parse(period));
        // By hand: cat's October is authored on the 10th (A) and 20th (B), edited on the 10th, mentoring on the 22nd.
        var catsOctober = await new MetricsQuery(w.Db).ForPersonAsync(ReportingPeriod.Parse("2026-10"), cat.PersonId, CancellationToken.None);
        Assert.Equal((4, 1.5), (catsOctober!.Contributions, catsOctober.MentoringHours));
        // The report's contributions trend by hand: September ann's page and its late edit, October cat's four (the bot
        // not counted), November ann's edit.
        var trend = await new MetricsQuery(w.Db).ContributionsByMonthAsync(new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1), CancellationToken.None);
        Assert.Equal([(new DateOnly(2026, 9, 1), 2), (new DateOnly(2026, 10, 1), 4), (new DateOnly(2026, 11, 1), 1)], trend);
    }

    [Fact]
    public async Task Demo_organisation_gives_the_same_figures_from_rollups_and_from_day_rows()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        await using var db = database.CreateContext();
        await new DemoSeeder(db, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), clock).SeedAsync(new DemoOptions { Employees = 80, Months = 4, Seed = 7 }, CancellationToken.None);
        db.ChangeTracker.Clear();
        await new Aggregator(db, new BadgeAwarder(db), clock, NullLogger<Aggregator>.Instance).RunAsync(full: false, CancellationToken.None);
        await AssertRollupsEqualDayRowsAsync(db);
        Assert.True(await db.MonthlyPersonMetrics.AnyAsync());

        foreach (var period in new[] { "2026-08", "2026-09", "2026-10", "2026-11", "2026-Q3", "2026-Q4", "2026" })
            await AssertSameBothWaysAsync(db, clock, ReportingPeriod.Parse(period));
    }

    /// <summary>
    /// Every month's roll-up rows are that month's day rows summed per person, type and department, exactly, and its
    /// person totals those rows summed per person and department.
    /// </summary>
    private static async Task AssertRollupsEqualDayRowsAsync(AnalyticsDbContext db)
    {
        var fromDays = (await db.DailyPersonMetrics.AsNoTracking()
                .GroupBy(m => new { m.Day.Year, m.Day.Month, m.PersonId, m.Type, m.DepartmentId })
                .Select(g => new { g.Key.Year, g.Key.Month, g.Key.PersonId, g.Key.Type, g.Key.DepartmentId,
                    Count = g.Sum(m => m.Count), Quantity = g.Sum(m => m.Quantity), CrossTeam = g.Sum(m => m.CrossTeam) })
                .ToListAsync())
            .Select(r => (new DateOnly(r.Year, r.Month, 1), r.PersonId, r.Type, r.DepartmentId, r.Count, r.Quantity, r.CrossTeam))
            .Order().ToList();
        var rollups = (await db.MonthlyPersonMetrics.AsNoTracking().ToListAsync())
            .Select(r => (r.Month, r.PersonId, r.Type, r.DepartmentId, r.Count, r.Quantity, r.CrossTeam))
            .Order().ToList();
        Assert.NotEmpty(fromDays);
        Assert.Equal(fromDays, rollups);

        // The person totals (ADR 2304) are those roll-ups summed per month, person and department by the company line's rules.
        var expectedTotals = fromDays.GroupBy(r => (r.Item1, r.PersonId, r.DepartmentId))
            .Select(g => (g.Key.Item1, g.Key.PersonId, g.Key.DepartmentId,
                g.Count(r => r.Type.IsContribution()), g.Where(r => r.Type.IsContribution()).Sum(r => r.Count),
                g.Where(r => r.Type.IsReuse()).Sum(r => r.Quantity), g.Where(r => r.Type.IsReuse()).Sum(r => r.CrossTeam),
                g.Where(r => r.Type == ActivityType.Completed).Sum(r => r.Count), g.Where(r => r.Type == ActivityType.Mentored).Sum(r => r.Quantity)))
            .Order().ToList();
        var totals = (await db.MonthlyPersonTotals.AsNoTracking().ToListAsync())
            .Select(t => (t.Month, t.PersonId, t.DepartmentId, t.ContributionRows, t.Contributions, t.Reuse, t.CrossTeam, t.Completions, t.MentoringHours))
            .Order().ToList();
        Assert.Equal(expectedTotals, totals);
    }

    /// <summary>The figures of every reader of whole months, once from the roll-ups and once from the day rows: equal to the last bit.</summary>
    private static async Task AssertSameBothWaysAsync(AnalyticsDbContext db, TimeProvider clock, ReportingPeriod period)
    {
        var ct = CancellationToken.None;
        Assert.True(MonthlyRollups.Covers(period));
        var rollups = new MetricsQuery(db);
        var days = MetricsQuery.FromDayRows(db);
        Assert.Equal(Text(await days.ByDepartmentAsync(period, ct)), Text(await rollups.ByDepartmentAsync(period, ct)));
        Assert.Equal(Text(await days.ByPersonAsync(period, includeAll: true, ct)), Text(await rollups.ByPersonAsync(period, includeAll: true, ct)));
        Assert.Equal(Text(await days.UnlinkedAsync(period, ct)), Text(await rollups.UnlinkedAsync(period, ct)));
        foreach (var person in await days.ByPersonAsync(period, includeAll: true, ct))
            Assert.Equal(Text(person), Text(await rollups.ForPersonAsync(period, person.PersonId, ct)));
        // The monthly report's contributions trend over the period's months.
        var lastMonth = new DateOnly(period.To.Year, period.To.Month, 1);
        Assert.Equal(await days.ContributionsByMonthAsync(period.From, lastMonth, ct), await rollups.ContributionsByMonthAsync(period.From, lastMonth, ct));

        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        // The overview's trend (ADR 2071): the company line of every month of the period in one read, from the roll-ups
        // and from the day rows, against the month-by-month figures of the day rows.
        foreach (var population in new[] { Population.Employees, Population.Unlinked })
        {
            var expected = new List<CompanyMetrics>();
            for (var month = period.From; month <= lastMonth; month = month.AddMonths(1))
            {
                var one = ReportingPeriod.Month(month.Year, month.Month);
                expected.Add(population == Population.Unlinked ? await days.UnlinkedAsync(one, ct) : (await days.ByDepartmentAsync(one, ct)).Company);
            }

            Assert.Equal(Text(expected), Text(await rollups.CompanyByMonthAsync(period.From, lastMonth, people, population, ct)));
            Assert.Equal(Text(expected), Text(await days.CompanyByMonthAsync(period.From, lastMonth, people, population, ct)));
        }

        var barriers = new BarriersQuery(db, clock);
        // Concentration of contributions over the employees, from the roll-ups, against the day rows' per-person counts.
        var contributors = (await days.ByPersonAsync(period, includeAll: true, ct))
            .Where(p => p.Contributions > 0 && Population.Employees.Includes(people.Find(p.PersonId)))
            .OrderBy(p => p.PersonId).Select(p => (double)p.Contributions);
        Assert.Equal(Text(Concentration.Of(contributors)), Text(await barriers.ConcentrationAsync(period, people, ct)));

        if (!PracticesScorecard.IsMonth(period))
            return;
        var communities = new CommunityHealthQuery(db, clock);
        var fromRollups = await new PracticesQuery(db, barriers, communities).RunAsync(period, minimumGroupSize: 1, ct);
        var fromDays = await new PracticesQuery(db, barriers, communities) { ReadsDayRows = true }.RunAsync(period, minimumGroupSize: 1, ct);
        Assert.Equal(Text(fromDays), Text(fromRollups));
    }

    private static string Text<T>(T value) => JsonSerializer.Serialize(value, Json);
}

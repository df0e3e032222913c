using System.Data.Common;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The stale items of a period (ADR 1861): read as three narrow queries joined in memory, they are the items the joined
/// SQL query gave (kept here as the oracle); and the monthly report computes each month's list once.
/// </summary>
public sealed class StaleItemsTests
{
    private static DateTime At(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset LongAgo = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Stale_items_equal_the_joined_query_over_raw_activity_for_both_populations()
    {
        await using var w = await WorldAsync();
        var people = await PeopleDirectoryLoader.LoadAsync(w.Db, CancellationToken.None);
        var query = new BarriersQuery(w.Db, w.Clock);
        var nonEmpty = 0;
        foreach (var label in new[] { "2026-09", "2026-10", "2026-11", "2026-Q4" })
        {
            var period = ReportingPeriod.Parse(label);
            foreach (var population in new[] { Population.Employees, Population.Unlinked })
            {
                var expected = await JoinedAsync(w.Db, period, people, population);
                var actual = await query.StaleItemsAsync(period, people, population, CancellationToken.None);
                Assert.Equal(period, actual.Period);
                Assert.Equal(population, actual.Population);
                Assert.Equal(expected, actual.Items.Select(s => (s.ItemId, s.Author, s.ReuseRecords, s.LastEditedAt)).Order().ToList());
                nonEmpty += expected.Count > 0 ? 1 : 0;
            }
        }

        // Both populations have stale items in some period (the world below), so the comparison is not of empty lists.
        Assert.True(nonEmpty >= 4, $"{nonEmpty} non-empty comparisons");
        var october = await query.StaleItemsAsync(ReportingPeriod.Parse("2026-10"), people, Population.Employees, CancellationToken.None);
        // a1's old page: b1 twice and an anonymous reader once (a1's own second account does not count); b1's old page once.
        Assert.Equal([1, 3], october.Items.Select(s => s.ReuseRecords).Order());
    }

    [Fact]
    public async Task Barriers_take_the_stale_items_passed_only_when_they_are_of_the_same_period_and_population()
    {
        await using var w = await WorldAsync();
        var people = await PeopleDirectoryLoader.LoadAsync(w.Db, CancellationToken.None);
        var query = new BarriersQuery(w.Db, w.Clock);
        var october = ReportingPeriod.Parse("2026-10");
        var computed = await query.RunAsync(october, Population.Employees, CancellationToken.None);
        var given = await query.RunAsync(october, Population.Employees, CancellationToken.None,
            await query.StaleItemsAsync(october, people, Population.Employees, CancellationToken.None));
        var otherMonth = await query.RunAsync(october, Population.Employees, CancellationToken.None,
            await query.StaleItemsAsync(ReportingPeriod.Parse("2026-11"), people, Population.Employees, CancellationToken.None));

        Assert.Equal(2, computed.StaleItems);
        Assert.Equal(computed.StaleItems, given.StaleItems);
        Assert.Equal(computed.MostReusedStale, given.MostReusedStale);
        Assert.Equal(computed.MostReusedStale, otherMonth.MostReusedStale);
        var top = computed.MostReusedStale[0];
        Assert.Equal(("a1's old page", 3, LongAgo), (top.Title, top.ReuseRecords, top.LastEditedAt!.Value));
    }

    [Fact]
    public async Task The_monthly_report_computes_the_stale_items_of_each_month_once()
    {
        await using var w = await WorldAsync();
        var reads = new StaleItemReads();
        await using var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
            .UseSqlite(w.Database.ConnectionString).AddInterceptors(reads).Options);
        var barriers = new BarriersQuery(db, w.Clock);
        var builder = new MonthlyReportBuilder(db, new MetricsQuery(db), new LeaderboardQuery(db), barriers,
            new PracticesQuery(db, barriers, new CommunityHealthQuery(db, w.Clock)), Options.Create(new MonthlyReportOptions()), new CommunityHealthQuery(db, w.Clock));

        var workbook = await builder.BuildAsync(ReportingPeriod.Parse("2026-10"), w.Clock.GetUtcNow(), CancellationToken.None);

        Assert.NotEmpty(workbook);
        // October's for the Barriers sheet and the Practices sheet, September's for the Practices sheet's previous month
        // (the data begins on 1 September; October 2025 is not covered).
        Assert.Equal(2, reads.Count);
    }

    /// <summary>
    /// a1 and a2 in department A, b1 in B, u unlinked, a bot; pages written long ago, one edited lately, one new, one without
    /// author, one without any date, reused in September, October and November by others, by their author and anonymously.
    /// </summary>
    private static async Task<MetricsWorld> WorldAsync()
    {
        var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var a1 = await w.PersonAsync("a1", a);
        var a2 = await w.PersonAsync("a2", a);
        var b1 = await w.PersonAsync("b1", b);
        var u = await w.PersonAsync("u", null);
        var bot = await w.PersonAsync("bot", null, bot: true);
        var a1Other = await w.AccountAsync(a1.PersonId);

        var old = await w.ItemAsync(a1, created: LongAgo, title: "a1's old page");
        var oldOfB = await w.ItemAsync(b1, created: LongAgo, title: "b1's old page");
        var edited = await w.ItemAsync(a2, created: LongAgo, lastEdited: new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero));
        var recent = await w.ItemAsync(b1, created: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var ofUnlinked = await w.ItemAsync(u, created: LongAgo);
        var orphan = await w.ItemAsync(null, created: LongAgo);
        var undated = await w.ItemAsync(a2, title: "undated");
        undated.CreatedAt = null;
        await w.Db.SaveChangesAsync();

        await w.ActAsync(ActivityType.Authored, a1, await w.ItemAsync(a1), At(9, 1)); // the data begins on 1 September
        await w.ActAsync(ActivityType.Viewed, b1, old, At(9, 3));
        await w.ActAsync(ActivityType.Viewed, b1, old, At(10, 3));
        await w.ActAsync(ActivityType.Upvoted, b1, old, At(10, 4));
        await w.ActAsync(ActivityType.Viewed, null, old, At(10, 5));      // anonymous: counts
        await w.ActAsync(ActivityType.Viewed, a1Other, old, At(10, 6));   // its author through another account: does not
        await w.ActAsync(ActivityType.Edited, b1, old, At(10, 7));        // a contribution, not reuse
        await w.ActAsync(ActivityType.Linked, a2, oldOfB, At(10, 8));
        await w.ActAsync(ActivityType.Viewed, b1, edited, At(10, 9));     // edited in October: not stale
        await w.ActAsync(ActivityType.Viewed, a1, recent, At(10, 9));     // new: not stale
        await w.ActAsync(ActivityType.Viewed, a1, ofUnlinked, At(10, 10)); // stale, of the unlinked population
        await w.ActAsync(ActivityType.Viewed, bot, ofUnlinked, At(11, 2)); // a bot's reuse counts, as in the joined query
        await w.ActAsync(ActivityType.Viewed, a1, orphan, At(10, 11));    // no author: nobody's
        await w.ActAsync(ActivityType.Viewed, b1, undated, At(10, 12));   // no date: never stale
        await w.ActAsync(ActivityType.Accepted, a2, old, At(11, 3));
        await w.ActAsync(ActivityType.Viewed, a1, oldOfB, At(11, 4));
        await w.AggregateAsync();
        return w;
    }

    /// <summary>The stale items as the joined query computed them before ADR 1861: the oracle.</summary>
    private static async Task<List<(long ItemId, int Author, int ReuseRecords, DateTimeOffset? LastEditedAt)>> JoinedAsync(
        AnalyticsDbContext db, ReportingPeriod period, PeopleDirectory people, Population population)
    {
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var reuse = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var threshold = new DateTimeOffset(period.To.AddMonths(-MetricCatalog.StaleAfterMonths).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var items = await db.Activities.AsNoTracking()
            .Where(a => reuse.Contains(a.Type) && a.OccurredAt >= start && a.OccurredAt < end && a.Item != null
                        && a.Item.AuthorAccountId != null
                        && (a.ActorAccountId == null || a.ActorAccount!.PersonId != a.Item.AuthorAccount!.PersonId)
                        && (a.Item.CreatedAt == null || a.Item.CreatedAt < threshold))
            .GroupBy(a => new { a.ItemId, Author = a.Item!.AuthorAccount!.PersonId })
            .Select(g => new { ItemId = g.Key.ItemId!.Value, g.Key.Author, Records = g.Count() })
            .ToListAsync();
        var stale = new List<(long, int, int, DateTimeOffset?)>();
        foreach (var item in items.Where(i => population.Includes(people.Find(i.Author))))
        {
            var d = await db.KnowledgeItems.AsNoTracking().SingleAsync(k => k.Id == item.ItemId);
            if (StaleContent.IsStale(d.LastEditedAt, d.CreatedAt, period.To))
                stale.Add((item.ItemId, item.Author, item.Records, d.LastEditedAt ?? d.CreatedAt));
        }

        return stale.Order().ToList();
    }

    /// <summary>Counts the statements that read the stale-item candidates (tagged <see cref="BarriersQuery.StaleItemsTag"/>).</summary>
    private sealed class StaleItemReads : DbCommandInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Observe(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Observe(command);
            return result;
        }

        private void Observe(DbCommand command)
        {
            if (command.CommandText.Contains("-- " + BarriersQuery.StaleItemsTag, StringComparison.Ordinal))
                Count++;
        }
    }
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Tests.Metrics.Support;
using Analytics.Web.People;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The profile's contributions by type read whole months from the monthly roll-up and the edge days from the day rows
/// (ADR 2011): the same counts the day rows alone give, before and after a re-aggregated day.
/// </summary>
public sealed class ProfileRollupTests
{
    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Periods = ["2026-10", "2026-Q3", "2026-Q4", "2026", "2026-09-15..2026-11-10", "2026-10-05..2026-10-20", "2026-10-01..2026-10-31", "2026-09-30..2026-11-01"];

    [Fact]
    public async Task Contributions_by_type_from_rollups_and_edge_days_equal_the_day_rows_before_and_after_a_reaggregated_day()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var ann = await w.PersonAsync("ann", a);
        var ben = await w.PersonAsync("ben", a);
        var page = await w.ItemAsync(ann);
        await w.ActAsync(ActivityType.Authored, ann, page, At(9, 14));
        await w.ActAsync(ActivityType.Edited, ann, page, At(9, 30));
        await w.ActAsync(ActivityType.Edited, ann, page, At(10, 1));
        await w.ActAsync(ActivityType.Commented, ann, page, At(10, 10));
        await w.ActAsync(ActivityType.Commented, ann, page, At(10, 10, 15));
        await w.ActAsync(ActivityType.Asked, ann, await w.ItemAsync(ann, "question"), At(10, 31));
        await w.ActAsync(ActivityType.Authored, ann, await w.ItemAsync(ann), At(11, 1));
        await w.ActAsync(ActivityType.Viewed, ben, page, At(10, 12)); // reuse: not a contribution
        await w.ActAsync(ActivityType.Edited, ben, page, At(10, 12)); // someone else's
        await w.AggregateAsync();
        await AssertSameAsDayRowsAsync(w.Db, ann.PersonId);
        var october = await ContributionsAsync(w.Db, ann.PersonId, "2026-10");
        Assert.Equal(4, october.Values.Sum());

        // A late import into October 10th: the day is re-aggregated and its month's roll-up rewritten.
        await w.ActAsync(ActivityType.Edited, ann, page, At(10, 10, 18));
        await w.AggregateAsync();
        await AssertSameAsDayRowsAsync(w.Db, ann.PersonId);
        var after = await ContributionsAsync(w.Db, ann.PersonId, "2026-10");
        Assert.Equal(october.GetValueOrDefault(ActivityType.Edited) + 1, after[ActivityType.Edited]);
        Assert.Equal(5, after.Values.Sum());
    }

    private static Task<IReadOnlyDictionary<ActivityType, int>> ContributionsAsync(AnalyticsDbContext db, int personId, string period)
    {
        var p = ReportingPeriod.Parse(period);
        return ProfileQuery.ContributionsByTypeAsync(db, personId, p.From, p.To, CancellationToken.None);
    }

    private static async Task AssertSameAsDayRowsAsync(AnalyticsDbContext db, int personId)
    {
        var types = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        foreach (var text in Periods)
        {
            var period = ReportingPeriod.Parse(text);
            var fromDays = (await db.DailyPersonMetrics.AsNoTracking()
                    .Where(m => m.PersonId == personId && m.Day >= period.From && m.Day <= period.To && types.Contains(m.Type))
                    .GroupBy(m => m.Type).Select(g => new { g.Key, Count = g.Sum(m => m.Count) }).ToListAsync())
                .OrderBy(r => r.Key).Select(r => (text, r.Key, r.Count)).ToList();
            var read = (await ContributionsAsync(db, personId, text)).OrderBy(r => r.Key).Select(r => (text, r.Key, r.Value)).ToList();
            Assert.NotEmpty(fromDays);
            Assert.Equal(fromDays, read);
        }
    }
}

using Analytics.Domain.Knowledge;
using Analytics.Jobs.Topics;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Topics;

/// <summary>
/// The scores-only index (the monthly report's knowledge at risk) reads only the roll-up rows that earn points (ADR 1862):
/// a topic whose evidence earns nothing (comments only) is not listed, and every tally equals the full index's.
/// </summary>
public sealed class ExpertiseScoresOnlyTests
{
    [Fact]
    public async Task The_scores_only_index_lists_the_topics_where_someone_earned_points_with_the_full_index_tallies()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a1 = await w.PersonAsync("a1", company);
        var a2 = await w.PersonAsync("a2", company);
        var page = await w.ItemAsync(a1);
        var thread = await w.ItemAsync(a2);
        page.Topics = "kotlin";
        thread.Topics = "gardening";
        await w.Db.SaveChangesAsync();
        await w.ActAsync(ActivityType.Authored, a1, page, new DateTime(2026, 10, 2, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Upvoted, a2, page, new DateTime(2026, 10, 3, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Commented, a1, thread, new DateTime(2026, 10, 4, 9, 0, 0, DateTimeKind.Utc)); // no weight: no points
        await w.AggregateAsync();
        Assert.True(await w.Db.MonthlyExpertise.AnyAsync(e => e.Topics == "gardening"), "the roll-up holds the comment's evidence");

        var windowEnd = new DateOnly(2026, 10, 31);
        var full = await ExpertiseIndex.BuildScoresAsync(w.Db, windowEnd, CancellationToken.None);
        var scoresOnly = await ExpertiseIndex.BuildScoresAsync(w.Db, windowEnd, CancellationToken.None, trend: false);

        Assert.Equal(["gardening", "kotlin"], full.Topics.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(full.Topics["gardening"].People);
        Assert.Equal(["kotlin"], scoresOnly.Topics.Keys);
        var expected = full.Topics["kotlin"].People.Select(p => (p.Key, p.Value.ContributionPoints, p.Value.ReusePoints, p.Value.Contributions, p.Value.ReuseReceived)).Order();
        var actual = scoresOnly.Topics["kotlin"].People.Select(p => (p.Key, p.Value.ContributionPoints, p.Value.ReusePoints, p.Value.Contributions, p.Value.ReuseReceived)).Order();
        Assert.Equal(expected, actual);
        // a1 wrote the page and earned the upvote (reuse is credited to the author).
        var tally = Assert.Single(scoresOnly.Topics["kotlin"].People).Value;
        Assert.True(tally.ContributionPoints > 0 && tally.ReusePoints > 0, "both kinds of points");
    }
}

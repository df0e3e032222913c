using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Organisation;
using Analytics.Domain.People;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

public sealed class LeaderboardTests
{
    private static readonly ReportingPeriod October = ReportingPeriod.Parse("2026-10");

    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// ENG with sub-department ENG-A, and SAL. Default rules: authored = 10 points. In October ann (ENG-A) and ben
    /// (ENG) author 2 pages each, cat (SAL) 1; an opted-out person, a leaver (left Oct 15), a bot and an unlinked
    /// person author 5 each and must never appear.
    /// </summary>
    private static async Task<(MetricsWorld World, Dictionary<string, SourceAccount> People, Dictionary<string, Department> Departments)> OctoberAsync()
    {
        var w = await MetricsWorld.CreateAsync();
        var eng = await w.DepartmentAsync("ENG");
        var engA = await w.DepartmentAsync("ENG-A", eng);
        var sal = await w.DepartmentAsync("SAL");
        var people = new Dictionary<string, SourceAccount>
        {
            ["ann"] = await w.PersonAsync("ann", engA),
            ["ben"] = await w.PersonAsync("ben", eng),
            ["cat"] = await w.PersonAsync("cat", sal),
            ["optout"] = await w.PersonAsync("optout", engA, optOut: true),
            ["leaver"] = await w.PersonAsync("leaver", engA, left: new DateOnly(2026, 10, 15)),
            ["bot"] = await w.PersonAsync("bot", null, bot: true),
            ["unlinked"] = await w.PersonAsync("unlinked", null),
        };
        var authored = new Dictionary<string, int> { ["ann"] = 2, ["ben"] = 2, ["cat"] = 1, ["optout"] = 5, ["leaver"] = 5, ["bot"] = 5, ["unlinked"] = 5 };
        foreach (var (name, count) in authored)
        {
            for (var i = 0; i < count; i++)
                await w.ActAsync(ActivityType.Authored, people[name], await w.ItemAsync(people[name]), At(10, 3, 9 + i));
        }

        await w.AggregateAsync();
        return (w, people, new Dictionary<string, Department> { ["ENG"] = eng, ["ENG-A"] = engA, ["SAL"] = sal });
    }

    private static async Task<LeaderboardView> BoardAsync(MetricsWorld w, LeaderboardFilter filter)
    {
        w.Db.ChangeTracker.Clear();
        return await new LeaderboardQuery(w.Db).RunAsync(filter, CancellationToken.None);
    }

    [Fact]
    public async Task Ties_share_a_rank_and_excluded_people_never_appear()
    {
        var (w, _, _) = await OctoberAsync();
        await using var _w = w;

        var board = await BoardAsync(w, new LeaderboardFilter(October));

        Assert.Equal([(1, "ann", 20.0), (1, "ben", 20.0), (3, "cat", 10.0)], board.Rows.Select(r => (r.Rank, r.Name, r.Value)));
        var contributions = await BoardAsync(w, new LeaderboardFilter(October, LeaderboardMetric.Contributions, Top: 1));
        Assert.Equal(["ann", "ben"], contributions.Rows.Select(r => r.Name)); // ties at the cut are kept
    }

    [Fact]
    public async Task A_scope_is_a_department_subtree()
    {
        var (w, _, _) = await OctoberAsync();
        await using var _w = w;

        Assert.Equal(["ann", "ben"], (await BoardAsync(w, new LeaderboardFilter(October, Scope: "ENG"))).Rows.Select(r => r.Name));
        Assert.Equal(["ann"], (await BoardAsync(w, new LeaderboardFilter(October, Scope: "eng-a"))).Rows.Select(r => r.Name));
        Assert.Empty((await BoardAsync(w, new LeaderboardFilter(ReportingPeriod.Parse("2026-09"), Scope: "SAL"))).Rows);
    }

    [Fact]
    public async Task Explained_points_add_up_to_the_leaderboard()
    {
        var (w, people, _) = await OctoberAsync();
        await using var _w = w;

        var board = await BoardAsync(w, new LeaderboardFilter(ReportingPeriod.Parse("2026-Q4")));
        foreach (var row in board.Rows)
        {
            var explanation = await new PointsExplainer(w.Db).ExplainAsync(row.PersonId, ReportingPeriod.Parse("2026-Q4"), CancellationToken.None);
            Assert.Equal(row.Value, explanation.Total);
        }

        var ann = await new PointsExplainer(w.Db).ExplainAsync(people["ann"].PersonId, October, CancellationToken.None);
        var line = Assert.Single(ann.Lines);
        Assert.Equal((ActivityType.Authored, 2.0, 0.0, 10.0, 20.0), (line.Type, line.Events, line.CappedEvents, line.PointsPerEvent, line.Points));
    }

    [Fact]
    public async Task A_closed_month_is_frozen_until_hr_asks_for_a_recompute()
    {
        var (w, people, _) = await OctoberAsync();
        await using var _w = w;
        Assert.True(await w.Closer().CloseAsync(new DateOnly(2026, 10, 1), "test", CancellationToken.None));
        Assert.False(await w.Closer().CloseAsync(new DateOnly(2026, 10, 1), "test", CancellationToken.None));

        // A rule change from October on and a late import into October: the closed month keeps its points.
        await new ScoringRuleStore(w.Db, w.Clock).ChangeAsync(
            new ScoringRuleChange(ActivityType.Authored, 100, null, 10, null, new DateOnly(2026, 10, 1)), "hr", CancellationToken.None);
        Assert.Equal(1, await w.Db.AuditEntries.CountAsync(a => a.Action == "scoring.changed"));
        await w.ActAsync(ActivityType.Authored, people["cat"], await w.ItemAsync(people["cat"]), At(10, 20));
        await w.ActAsync(ActivityType.Authored, people["cat"], await w.ItemAsync(people["cat"]), At(11, 2));
        await w.AggregateAsync();

        var frozen = await BoardAsync(w, new LeaderboardFilter(October));
        Assert.Equal([new DateOnly(2026, 10, 1)], frozen.FrozenMonths);
        Assert.Equal([("ann", 20.0), ("ben", 20.0), ("cat", 10.0)], frozen.Rows.Select(r => (r.Name, r.Value)));
        var explained = await new PointsExplainer(w.Db).ExplainAsync(people["cat"].PersonId, October, CancellationToken.None);
        Assert.Equal(10, explained.Total);
        // The open month follows the new rule.
        Assert.Equal(100, (await BoardAsync(w, new LeaderboardFilter(ReportingPeriod.Parse("2026-11")))).Rows.Single().Value);
        // A quarter adds the frozen October snapshot to the live November; a range cutting into October reads its
        // days' points entries, which are frozen too, so both agree.
        var quarter = await BoardAsync(w, new LeaderboardFilter(ReportingPeriod.Parse("2026-Q4")));
        Assert.Equal([("cat", 110.0), ("ann", 20.0), ("ben", 20.0)], quarter.Rows.Select(r => (r.Name, r.Value)));
        var partial = await BoardAsync(w, new LeaderboardFilter(ReportingPeriod.Parse("2026-10-02..2026-11-30")));
        Assert.Empty(partial.FrozenMonths);
        Assert.Equal([("cat", 110.0), ("ann", 20.0), ("ben", 20.0)], partial.Rows.Select(r => (r.Name, r.Value)));
        // The live metrics still see the late import.
        Assert.Equal(2, await w.Db.DailyPersonMetrics.Where(m => m.PersonId == people["cat"].PersonId && m.Day < new DateOnly(2026, 11, 1)).SumAsync(m => m.Count));

        await w.Closer().RecomputeRangeAsync(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), "hr", "rule change applies to October", CancellationToken.None);

        var recomputed = await BoardAsync(w, new LeaderboardFilter(October));
        Assert.Equal([(1, "ann", 200.0), (1, "ben", 200.0), (1, "cat", 200.0)], recomputed.Rows.Select(r => (r.Rank, r.Name, r.Value)));
        Assert.Equal(200, (await new PointsExplainer(w.Db).ExplainAsync(people["cat"].PersonId, October, CancellationToken.None)).Total);
        var audit = await w.Db.AuditEntries.SingleAsync(a => a.Action == "aggregation.recomputed");
        Assert.Equal(("hr", "rule change applies to October"), (audit.Actor, audit.Details));
    }

    [Fact]
    public async Task Badges_are_awarded_once_on_the_day_the_milestone_is_reached()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var b = await w.DepartmentAsync("B");
        var author = await w.PersonAsync("author", a);
        var readers = new List<SourceAccount>();
        for (var i = 0; i < 4; i++)
            readers.Add(await w.PersonAsync($"reader{i}", i % 2 == 0 ? a : b));
        var page = await w.ItemAsync(author);
        // Four upvotes a day on Oct 1, 2 and 3: the 10th reuse event arrives on Oct 3.
        for (var day = 1; day <= 3; day++)
        {
            foreach (var reader in readers)
                await w.ActAsync(ActivityType.Upvoted, reader, page, At(10, day));
        }

        var question = await w.ItemAsync(readers[0], kind: "question");
        await w.ActAsync(ActivityType.Answered, author, await w.ItemAsync(author, kind: "answer", parent: question), At(10, 2));
        await w.AggregateAsync();
        await w.ActAsync(ActivityType.Upvoted, readers[1], page, At(10, 9, 8));
        await w.AggregateAsync();
        await w.AggregateAsync(full: true);

        var badges = await w.Db.BadgeAwards.Where(x => x.PersonId == author.PersonId).OrderBy(x => x.BadgeCode).ToListAsync();
        Assert.Equal([("first-answer", new DateOnly(2026, 10, 2)), ("reuse-10", new DateOnly(2026, 10, 3))], badges.Select(x => (x.BadgeCode, x.AwardedOn)));
    }
}

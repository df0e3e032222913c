using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Metrics.Support;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The practices scorecard (issue 18) on a world small enough to count by hand: every indicator of the company and of
/// each department is worked out in the comments from the activities below, independently of the query.
/// </summary>
public sealed class PracticesQueryTests
{
    private static DateTime At(int month, int day) => new(2026, month, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Every_indicator_equals_the_count_by_hand_for_the_company_and_each_department()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var c = await w.DepartmentAsync("C", company);
        var a1 = await w.PersonAsync("a1", a);
        var a2 = await w.PersonAsync("a2", a);
        var b1 = await w.PersonAsync("b1", b);
        var b2 = await w.PersonAsync("b2", b);
        var c1 = await w.PersonAsync("c1", c);
        var bot = await w.PersonAsync("bot", null, bot: true);

        // September: one contribution on its first day, so the data covers September (the month before) and not October 2025.
        var x = await w.ItemAsync(a1);
        await w.ActAsync(ActivityType.Authored, a1, x, At(9, 1));
        // October.
        await w.ActAsync(ActivityType.Edited, a1, x, At(10, 1));               // contribution (A)
        await w.ActAsync(ActivityType.Presented, a2, null, At(10, 2));          // contribution, session (A)
        await w.ActAsync(ActivityType.Attended, b1, null, At(10, 2));           // attendance, learning (B)
        await w.ActAsync(ActivityType.Completed, b1, null, At(10, 3), quantity: 3); // 3 learning hours (B)
        await w.ActAsync(ActivityType.Mentored, b2, null, At(10, 4), quantity: 2);  // contribution, 2 mentoring hours (B)
        await w.ActAsync(ActivityType.Upvoted, b1, x, At(10, 5));               // reuse of a1's item by B: cross-team, flow A→B
        await w.ActAsync(ActivityType.Viewed, a2, x, At(10, 6));                // reuse of a1's item inside A
        var old = await w.ItemAsync(c1, created: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await w.ActAsync(ActivityType.Viewed, a1, old, At(10, 7));              // reuse of c1's stale item by A: cross-team, flow C→A
        await w.ActAsync(ActivityType.Authored, bot, await w.ItemAsync(bot), At(10, 8)); // a bot: counts nowhere
        await AwardAsync(w, giver: a1, recipient: b2, decided: new DateTimeOffset(2026, 10, 10, 9, 0, 0, TimeSpan.Zero));
        await AwardAsync(w, giver: a1, recipient: a2, decided: null); // pending: not counted
        await w.AggregateAsync();

        var card = await new PracticesQuery(w.Db, new BarriersQuery(w.Db, w.Clock), new CommunityHealthQuery(w.Db, w.Clock)).RunAsync(ReportingPeriod.Parse("2026-10"), minimumGroupSize: 1, CancellationToken.None);

        // Company, October: headcount 5; contributors a1, a2, b2 (3 contributions); reuse 3 (x twice, old once), 2 of them cross-team;
        // reflecting a2, b1; learning b1 (3 hours); mentoring 2 h; recognised b2; stale: old; reused across teams a1, c1;
        // department pairs exchanging knowledge: A-B and A-C of the three pairs.
        var now = card.Current;
        Assert.Equal(3 / 5.0, now["active-contributor-rate"]);
        Assert.Equal(3 / 5.0, now["contributions-per-head"]);
        Assert.Equal(1, now["people-recognised"]);
        Assert.Equal(2 / 3.0, now["cross-team-share"]!.Value, 12);
        Assert.Equal(3 / 3.0, now["reuse-per-contribution"]);
        Assert.Equal(1, now["stale-items"]);
        Assert.Equal(2 / 5.0, now["reflecting-share"]);
        Assert.Equal(1, now["sessions-presented"]);
        Assert.Equal(1, now["attendances"]);
        Assert.Equal(2 / 3.0, now["flow-breadth"]!.Value, 12);
        Assert.Equal(2 / 5.0, now["reused-across-teams-share"]);
        Assert.Equal(1 / 5.0, now["learning-share"]);
        Assert.Equal(3 / 5.0, now["learning-hours-per-head"]);
        Assert.Equal(2 / 5.0, now["mentoring-hours-per-head"]);

        // The Departments page's active-contributor rate is this one (one definition).
        var (companyMetrics, _) = await new MetricsQuery(w.Db).ByDepartmentAsync(ReportingPeriod.Parse("2026-10"), CancellationToken.None);
        Assert.Equal(companyMetrics.ActiveContributorRate, now["active-contributor-rate"]);

        // September: a1's one contribution of 5 people; October 2025 is before the data begins: n/a, not 0.
        Assert.Equal(1 / 5.0, card.Previous!["active-contributor-rate"]);
        Assert.Null(card.YearBefore);
        Assert.Equal(40, PracticeCatalog.Change(PracticeCatalog.ActiveContributorRate, now["active-contributor-rate"], card.Previous["active-contributor-rate"])!.Value, 9);
        Assert.Equal(2, PracticeCatalog.Change(PracticeCatalog.ContributionsPerHead, now["contributions-per-head"], card.Previous["contributions-per-head"])!.Value, 9);
        Assert.Equal("n/a", PracticeFormat.Change(PracticeCatalog.ActiveContributorRate, now["active-contributor-rate"], card.YearBefore?["active-contributor-rate"]));

        // The trend: 12 months up to October; before September every month is n/a.
        Assert.Equal(12, card.Trend.Count);
        Assert.Equal(new DateOnly(2025, 11, 1), card.Trend[0].Month);
        Assert.All(card.Trend.Take(10), m => Assert.False(m.Covered));
        Assert.Equal(1 / 5.0, card.Trend[10].Values["active-contributor-rate"]);
        Assert.Equal(now["flow-breadth"], card.Trend[11].Values["flow-breadth"]);

        // Departments: A, B and C under the company.
        Assert.Equal(["A", "B", "C"], card.Departments.Select(d => d.Code));
        var da = card.Departments[0].Values;
        Assert.Equal((1.0, 1.0, 0.0, 0.5, 1.0, 0.0), (da["active-contributor-rate"], da["contributions-per-head"], da["people-recognised"], da["cross-team-share"], da["reuse-per-contribution"], da["stale-items"]));
        Assert.Equal((0.5, 1.0, 0.0, 1.0, 0.5, 0.0), (da["reflecting-share"], da["sessions-presented"], da["attendances"], da["flow-breadth"], da["reused-across-teams-share"], da["learning-share"]));
        var db = card.Departments[1].Values;
        Assert.Equal((0.5, 0.5, 1.0, 0.0), (db["active-contributor-rate"], db["contributions-per-head"], db["people-recognised"], db["reuse-per-contribution"]));
        Assert.Null(db["cross-team-share"]); // no reuse of B's knowledge: undefined, not 0
        Assert.Equal((0.5, 0.5, 0.5, 1.5, 1.0), (db["reflecting-share"], db["flow-breadth"], db["learning-share"], db["learning-hours-per-head"], db["mentoring-hours-per-head"]));
        var dc = card.Departments[2].Values;
        Assert.Equal((0.0, 1.0, 1.0, 0.5, 1.0), (dc["active-contributor-rate"], dc["cross-team-share"], dc["stale-items"], dc["flow-breadth"], dc["reused-across-teams-share"]));
        Assert.Null(dc["reuse-per-contribution"]);

        // The trend chart of a practice: the ten months before the data (Nov 2025 - Aug 2026) have no bar and read n/a, as the
        // table beside it, not 0 %; September and October read their figures (October: 3 of 5 active).
        var labels = Jobs.Charts.MonthlyBarChart.Labels(Jobs.Charts.PracticeCharts.TrendChart(PracticeCatalog.All[0], card));
        Assert.Equal(Enumerable.Repeat("n/a", 10), labels.Take(10));
        Assert.NotEqual("n/a", labels[10]);
        Assert.Equal("60%", labels[11]);

        // The department comparison: B's technology headline (cross-team share of reuse) is undefined, so it has no bar and
        // reads n/a; C's 100 % and A's 0 % people recognised stay bars.
        var comparison = Jobs.Charts.PracticeCharts.DepartmentComparison(card);
        Assert.Equal(3 * PracticeCatalog.All.Count, comparison.Count);
        var technology = comparison.Where(b => b.Practice == PracticeCatalog.Technology).ToDictionary(b => b.Department);
        Assert.Null(technology["B"].Value);
        Assert.Equal("n/a", technology["B"].Label);
        Assert.Equal((50.0, 100.0), (technology["A"].Value, technology["C"].Value));
        Assert.Equal("100%", technology["C"].Label);
        Assert.Equal(0.0, comparison.Single(b => b.Department == "C" && b.Practice == PracticeCatalog.Sharing).Value);
        Assert.NotEmpty(Jobs.Charts.PracticeCharts.DepartmentComparisonPng(card));
    }

    [Fact]
    public async Task Departments_under_the_minimum_group_size_have_no_figures_and_do_not_count_in_the_breadth()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var small = await w.DepartmentAsync("S", company);
        var authors = new List<Domain.People.SourceAccount>();
        for (var i = 0; i < 3; i++)
        {
            authors.Add(await w.PersonAsync($"a{i}", a));
            await w.PersonAsync($"b{i}", b);
        }

        var s = await w.PersonAsync("s0", small);
        // Two people directly in the company: with S hidden, the people outside the shown groups are 3, so no further
        // group must be hidden to keep S from being worked out by subtraction (ADR 1620).
        await w.PersonAsync("ceo", company);
        await w.PersonAsync("cfo", company);
        var item = await w.ItemAsync(authors[0]);
        await w.ActAsync(ActivityType.Authored, authors[0], item, At(10, 1));
        await w.ActAsync(ActivityType.Viewed, s, item, At(10, 2)); // only the small department reuses A's knowledge
        await w.AggregateAsync();

        var card = await new PracticesQuery(w.Db, new BarriersQuery(w.Db, w.Clock), new CommunityHealthQuery(w.Db, w.Clock)).RunAsync(ReportingPeriod.Parse("2026-10"), minimumGroupSize: 3, CancellationToken.None);

        var hidden = card.Departments.Single(d => d.Code == "S");
        Assert.False(hidden.Shown);
        Assert.Empty(hidden.Values);
        Assert.Contains("fewer than 3 people", hidden.Note, StringComparison.Ordinal);
        // A and B exchanged nothing, and S is not a partner anyone can see.
        Assert.Equal(0.0, card.Departments.Single(d => d.Code == "A").Values["flow-breadth"]);
        Assert.Equal(0.0, card.Current["flow-breadth"]);
        await Assert.ThrowsAsync<ArgumentException>(() => new PracticesQuery(w.Db, new BarriersQuery(w.Db, w.Clock), new CommunityHealthQuery(w.Db, w.Clock)).RunAsync(ReportingPeriod.Parse("2026-Q4"), 3, CancellationToken.None));
    }

    private static async Task AwardAsync(MetricsWorld w, Domain.People.SourceAccount giver, Domain.People.SourceAccount recipient, DateTimeOffset? decided)
    {
        int EmployeeOf(Domain.People.SourceAccount account) => w.Db.Persons.Single(p => p.Id == account.PersonId).EmployeeId!.Value;
        var budget = w.Db.RecognitionBudgets.FirstOrDefault() ?? new RecognitionBudget { ManagerId = EmployeeOf(giver), Year = 2026, Quarter = 4, Points = 100, Spent = 20 };
        w.Db.RecognitionAwards.Add(new RecognitionAward
        {
            GiverId = EmployeeOf(giver), RecipientId = EmployeeOf(recipient), Budget = budget, Category = RecognitionCategory.Sharing,
            Message = "thanks", Points = 10, Status = decided is null ? AwardStatus.PendingApproval : AwardStatus.Approved,
            CreatedAt = new DateTimeOffset(2026, 10, 9, 9, 0, 0, TimeSpan.Zero), DecidedAt = decided, DecidedBy = decided is null ? null : "hr",
        });
        await w.Db.SaveChangesAsync();
    }
}

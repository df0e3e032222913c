using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;

namespace Analytics.Tests.Metrics;

/// <summary>The metric definitions of product.md, each edge case with a hand-computed expectation.</summary>
public sealed class DefinitionTests
{
    private static readonly DateOnly Day = new(2026, 10, 14);
    private static readonly DateTime Noon = new(2026, 10, 14, 12, 0, 0, DateTimeKind.Utc);

    // Persons: 1 and 2 in department 10, 3 in department 20 (moves to 10 on Oct 20), 4 unlinked, 5 a bot,
    // 6 left on Oct 10, 7 in department 20.
    private static readonly PeopleDirectory People = PeopleDirectory.From(
    [
        Profile(1, 10), Profile(2, 10),
        new PersonProfile(3, "p3", false, 103, new DateOnly(2020, 1, 1), null, false,
            [new OrgSpan(20, new DateOnly(2020, 1, 1), new DateOnly(2026, 10, 20)), new OrgSpan(10, new DateOnly(2026, 10, 20), null)]),
        new PersonProfile(4, "p4", false, null, null, null, false, []),
        new PersonProfile(5, "bot", true, null, null, null, false, []),
        new PersonProfile(6, "p6", false, 106, new DateOnly(2020, 1, 1), new DateOnly(2026, 10, 10), false, [new OrgSpan(10, new DateOnly(2020, 1, 1), null)]),
        Profile(7, 20),
    ]);

    private static PersonProfile Profile(int id, int department) =>
        new(id, $"p{id}", false, 100 + id, new DateOnly(2020, 1, 1), null, false, [new OrgSpan(department, new DateOnly(2020, 1, 1), null)]);

    private static long _ids;

    private static ActivityFact Fact(ActivityType type, int? actor, int? author = null, long? item = 1, double quantity = 1,
        DateTime? at = null, bool actorBot = false, bool authorBot = false) =>
        new(++_ids, type, at ?? Noon, quantity, item, actor, actorBot, author, authorBot);

    [Fact]
    public void Self_reuse_never_counts()
    {
        Assert.Null(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 1, author: 1), People));
        Assert.Null(ActivityCredit.Credit(Fact(ActivityType.Viewed, actor: 2, author: 2), People));
        var other = ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 2, author: 1), People);
        Assert.NotNull(other);
        Assert.Equal(1, other.PersonId);
        Assert.Equal(2, other.ReuserPersonId);
    }

    [Fact]
    public void Reuse_is_credited_to_the_author_and_contributions_to_the_actor()
    {
        Assert.Equal(1, ActivityCredit.Credit(Fact(ActivityType.Linked, actor: 2, author: 1), People)!.PersonId);
        Assert.Equal(2, ActivityCredit.Credit(Fact(ActivityType.Authored, actor: 2, author: 1), People)!.PersonId);
        Assert.Equal(2, ActivityCredit.Credit(Fact(ActivityType.Completed, actor: 2), People)!.PersonId);
    }

    [Fact]
    public void A_view_counts_once_per_viewer_item_and_day()
    {
        var facts = new[]
        {
            Fact(ActivityType.Viewed, actor: 2, author: 1, item: 1),
            Fact(ActivityType.Viewed, actor: 2, author: 1, item: 1, at: Noon.AddHours(3)),
            Fact(ActivityType.Viewed, actor: 2, author: 1, item: 1, quantity: 4), // a viewer's quantity does not multiply
            Fact(ActivityType.Viewed, actor: 2, author: 1, item: 2),              // another item
            Fact(ActivityType.Viewed, actor: 3, author: 1, item: 1),              // another viewer
            Fact(ActivityType.Viewed, actor: null, author: 1, item: 1, quantity: 5), // anonymous view count: 5 events
        };
        var day = DayAggregate.Compute(Day, facts, People);
        var views = Assert.Single(day.PersonMetrics);
        Assert.Equal(1, views.PersonId);
        Assert.Equal(4, views.Count);
        Assert.Equal(1 + 1 + 1 + 5, views.Quantity);

        // The same viewer and item on the next day is a new view.
        var nextDay = DayAggregate.Compute(Day.AddDays(1), [Fact(ActivityType.Viewed, actor: 2, author: 1, item: 1, at: Noon.AddDays(1))], People);
        Assert.Equal(1, Assert.Single(nextDay.PersonMetrics).Quantity);
    }

    [Fact]
    public void The_department_is_the_one_in_force_on_the_activity_date()
    {
        var before = ActivityCredit.Credit(Fact(ActivityType.Authored, actor: 3, at: new DateTime(2026, 10, 19, 23, 59, 0, DateTimeKind.Utc)), People)!;
        var after = ActivityCredit.Credit(Fact(ActivityType.Authored, actor: 3, at: new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc)), People)!;
        Assert.Equal(20, before.DepartmentId);
        Assert.Equal(10, after.DepartmentId);
    }

    [Fact]
    public void Leavers_count_for_the_days_they_were_employed_only()
    {
        var leaver = People.Find(6)!;
        Assert.Equal(10, leaver.DepartmentOn(new DateOnly(2026, 10, 10)));
        Assert.Null(leaver.DepartmentOn(new DateOnly(2026, 10, 11)));
        Assert.Equal(10, leaver.DepartmentAtEndOf(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31)));
        Assert.False(leaver.IsRankable(new DateOnly(2026, 10, 31)));
        Assert.True(leaver.IsRankable(new DateOnly(2026, 9, 30)));
    }

    [Fact]
    public void Bots_are_left_out_of_reuse_and_group_figures()
    {
        Assert.Null(ActivityCredit.Credit(Fact(ActivityType.Authored, actor: 1, actorBot: true), People));
        Assert.Null(ActivityCredit.Credit(Fact(ActivityType.Viewed, actor: 5, author: 1), People));
        Assert.Null(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 2, author: 1, authorBot: true), People));
        // A bot person keeps its own rows (asked-for figures) but never has a department.
        var bot = ActivityCredit.Credit(Fact(ActivityType.Authored, actor: 5), People)!;
        Assert.Null(bot.DepartmentId);
        Assert.False(People.Find(5)!.CountsInGroups);
        Assert.False(People.Find(4)!.CountsInGroups);
    }

    [Fact]
    public void Cross_team_needs_both_departments_known_and_different()
    {
        Assert.True(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 7, author: 1), People)!.IsCrossTeam);
        Assert.False(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 2, author: 1), People)!.IsCrossTeam);
        Assert.False(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: null, author: 1), People)!.IsCrossTeam);
        Assert.False(ActivityCredit.Credit(Fact(ActivityType.Upvoted, actor: 4, author: 1), People)!.IsCrossTeam);
        // Person 3 is in department 20 until Oct 20: cross-team with person 1 before, not after.
        Assert.True(ActivityCredit.Credit(Fact(ActivityType.Linked, actor: 3, author: 1), People)!.IsCrossTeam);
        Assert.False(ActivityCredit.Credit(Fact(ActivityType.Linked, actor: 3, author: 1, at: Noon.AddDays(7)), People)!.IsCrossTeam);
    }

    [Fact]
    public void Day_aggregate_builds_flows_and_pairs_from_credited_reuse()
    {
        var facts = new[]
        {
            Fact(ActivityType.Upvoted, actor: 7, author: 1),
            Fact(ActivityType.Upvoted, actor: 7, author: 1, item: 2),
            Fact(ActivityType.Upvoted, actor: 2, author: 1),
            Fact(ActivityType.Upvoted, actor: null, author: 1),
            Fact(ActivityType.Upvoted, actor: 1, author: 1), // self
        };
        var day = DayAggregate.Compute(Day, facts, People);
        var metric = Assert.Single(day.PersonMetrics);
        Assert.Equal((4, 4.0, 2.0), (metric.Count, metric.Quantity, metric.CrossTeam));
        Assert.Equal(10, metric.DepartmentId);
        Assert.Equal(2, day.Flows.Single(f => f.AuthorDepartmentId == 10 && f.ReuserDepartmentId == 20).Events);
        Assert.Equal(1, day.Flows.Single(f => f.AuthorDepartmentId == 10 && f.ReuserDepartmentId == 10).Events);
        Assert.Equal(2, day.Flows.Count);
        Assert.Equal(2, day.Pairs.Single(p => p.ReuserPersonId == 7).Events);
        Assert.Equal(2, day.Pairs.Count);
    }

    [Fact]
    public void Concentration_top_share_and_gini_by_hand()
    {
        // Nine people with 1 contribution, one with 11: total 20, top 10% = 1 person = 11/20.
        // Gini: sorted ascending, sum of i*x = 45 + 10*11 = 155; 2*155/(10*20) - 11/10 = 0.45.
        var figures = Concentration.Of([1, 1, 1, 1, 1, 1, 1, 1, 1, 11, 0, 0]);
        Assert.Equal(10, figures.Contributors);
        Assert.Equal(0.55, figures.TopShare, 10);
        Assert.Equal(0.45, figures.Gini, 10);

        Assert.Equal(0, Concentration.Gini([5, 5, 5, 5]), 10);
        Assert.Equal(0, Concentration.Gini([7]), 10);
        // 11 contributors: the top 10% rounds up to two people.
        Assert.Equal(20.0 / 29, Concentration.TopShare([10, 10, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 10);
        Assert.Equal(new ConcentrationFigures(0, 0, 0), Concentration.Of([]));
    }

    [Fact]
    public void Answer_rate_counts_answers_by_others_within_seven_days()
    {
        var t0 = new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);
        var asOf = new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc);
        var questions = new[]
        {
            new Question(1, 1, t0),                      // answered by self at +1 h, by 2 at +3 h: 3 h
            new Question(2, 1, t0),                      // answered only after 8 days: unanswered
            new Question(3, 1, asOf.AddDays(-2)),        // no answer yet, window still open: pending
            new Question(4, 1, t0),                      // answered at +5 h and +6 h: 5 h
            new Question(5, null, t0),                   // anonymous asker, answered by 2 at exactly 7 days
        };
        var answers = new[]
        {
            new Answer(1, 1, t0.AddHours(1)), new Answer(1, 2, t0.AddHours(3)),
            new Answer(2, 2, t0.AddDays(8)),
            new Answer(4, 3, t0.AddHours(6)), new Answer(4, 2, t0.AddHours(5)),
            new Answer(5, 2, t0.AddDays(7)),
        };
        var figures = AnswerTimes.Compute(questions, answers, asOf);
        Assert.Equal(4, figures.Questions);
        Assert.Equal(3, figures.Answered);
        Assert.Equal(1, figures.Pending);
        Assert.Equal(0.75, figures.Rate!.Value, 10);
        Assert.Equal(TimeSpan.FromHours(5), figures.MedianTimeToFirstAnswer);
        Assert.Equal(TimeSpan.FromHours(4), AnswerTimes.Median([TimeSpan.FromHours(3), TimeSpan.FromHours(5)]));
        Assert.Null(AnswerTimes.Compute([], [], asOf).Rate);
    }

    [Fact]
    public void Stale_means_last_touched_more_than_twelve_months_before_the_period_end()
    {
        var end = new DateOnly(2026, 10, 31);
        Assert.True(StaleContent.IsStale(new DateTimeOffset(2025, 10, 30, 0, 0, 0, TimeSpan.Zero), null, end));
        Assert.False(StaleContent.IsStale(new DateTimeOffset(2025, 10, 31, 0, 0, 0, TimeSpan.Zero), null, end));
        Assert.True(StaleContent.IsStale(null, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), end));
        Assert.False(StaleContent.IsStale(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), end));
        Assert.False(StaleContent.IsStale(null, null, end));
    }

    [Fact]
    public void Rates_are_empty_rather_than_zero_without_a_denominator()
    {
        Assert.Equal(0.25, GroupRates.ActiveContributorRate(1, 4));
        Assert.Null(GroupRates.ActiveContributorRate(0, 0));
        Assert.Equal(2.5, GroupRates.ReuseRatio(5, 2));
        Assert.Null(GroupRates.ReuseRatio(5, 0));
    }

    [Fact]
    public void A_silo_has_little_reuse_crossing_its_border_either_way()
    {
        Assert.True(GroupRates.IsSilo(reuseOfOwnKnowledge: 100, reusedFromOthers: 5, reuseByOwnPeople: 100, reuseOfOthersKnowledge: 9));
        Assert.False(GroupRates.IsSilo(100, 10, 100, 0));
        Assert.False(GroupRates.IsSilo(100, 0, 100, 10));
        Assert.False(GroupRates.IsSilo(0, 0, 0, 0));
    }

    [Fact]
    public void Every_definition_has_words_for_the_definitions_page()
    {
        Assert.Equal(MetricCatalog.All.Count, MetricCatalog.All.Select(m => m.Code).Distinct().Count());
        Assert.All(MetricCatalog.All, m => Assert.True(m.Description.Length > 40, m.Code));
        Assert.Contains(MetricCatalog.All, m => m.Code == "cross-team-reuse");
    }

    [Theory]
    [InlineData("2026-10", "2026-10-01", "2026-10-31")]
    [InlineData("2026-Q4", "2026-10-01", "2026-12-31")]
    [InlineData("2026", "2026-01-01", "2026-12-31")]
    [InlineData("2026-10-05..2026-11-02", "2026-10-05", "2026-11-02")]
    public void Periods_parse(string text, string from, string to)
    {
        var period = ReportingPeriod.Parse(text);
        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
    }

    [Fact]
    public void Whole_months_of_a_custom_range_leave_out_partial_months()
    {
        Assert.Equal([new DateOnly(2026, 10, 1)], ReportingPeriod.Parse("2026-09-15..2026-11-02").WholeMonths());
        Assert.False(ReportingPeriod.TryParse("2026-13", out _));
        Assert.False(ReportingPeriod.TryParse("2026-10-05..2026-10-01", out _));
    }

    [Theory]
    [InlineData("0000-01")]
    [InlineData("1999-12")]
    [InlineData("2100-01")]
    [InlineData("9999-12")]
    [InlineData("9999-Q4")]
    [InlineData("9999")]
    [InlineData("0001-01-01..9999-12-31")]
    [InlineData("1970-01-01..2099-12-31")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16-\uFF11\uFF10")]
    [InlineData("\u0662\u0660\u0662\u0666")]
    public void Periods_outside_the_supported_range_or_with_non_ASCII_digits_are_rejected_not_thrown(string text)
    {
        Assert.False(ReportingPeriod.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => ReportingPeriod.Parse(text));
        Assert.Contains("between 2000-01-01 and 2099-12-31", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bounds_themselves_are_periods_and_the_period_before_the_first_is_still_computed()
    {
        var all = ReportingPeriod.Parse("2000-01-01..2099-12-31");
        Assert.Equal((ReportingPeriod.Earliest, ReportingPeriod.Latest), (all.From, all.To));
        Assert.Equal(new DateOnly(2099, 12, 31), ReportingPeriod.Parse("2099-12").To);
        Assert.Equal(new DateOnly(1999, 12, 1), Analytics.Web.Overview.OverviewQuery.PreviousOf(ReportingPeriod.Parse("2000-01")).From);
    }
}

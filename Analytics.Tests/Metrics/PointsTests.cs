using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Scoring;
using Analytics.Jobs.Leaderboards;

namespace Analytics.Tests.Metrics;

public sealed class PointsTests
{
    private static readonly DateOnly Day = new(2026, 10, 14);
    private static readonly DateTime Noon = new(2026, 10, 14, 12, 0, 0, DateTimeKind.Utc);

    private static ScoringRule Rule(int id, ActivityType type, double points, double? cross = null, int? daily = null, int? pair = null,
        DateOnly? from = null, DateOnly? to = null) => new()
        {
            Id = id, Type = type, PointsPerEvent = points, CrossTeamPointsPerEvent = cross, DailyCapPerPerson = daily,
            PairCapPerMonth = pair, EffectiveFrom = from ?? new DateOnly(2000, 1, 1), EffectiveTo = to,
        };

    private static CreditedEvent Event(long id, ActivityType type, int person, int? reuser = null, bool cross = false, double units = 1) =>
        new(id, Noon.AddMinutes(id), type, person, 10, units, reuser, reuser is null ? null : cross ? 20 : 10);

    private static readonly Dictionary<ReusePair, double> Nothing = [];

    [Fact]
    public void Daily_cap_limits_scoring_events_per_person_and_type()
    {
        var rules = new RuleBook([Rule(1, ActivityType.Authored, 10, daily: 10)]);
        var events = Enumerable.Range(1, 12).Select(i => Event(i, ActivityType.Authored, person: 1)).ToList();
        var entry = Assert.Single(PointsCalculator.Score(Day, events, rules, Nothing));
        Assert.Equal((12.0, 2.0, 100.0), (entry.Events, entry.CappedEvents, entry.Points));
        Assert.Equal(1, entry.ScoringRuleId);
    }

    [Fact]
    public void Cross_team_reuse_scores_more()
    {
        var rules = new RuleBook([Rule(1, ActivityType.Upvoted, 2, cross: 3)]);
        var entry = Assert.Single(PointsCalculator.Score(Day,
            [Event(1, ActivityType.Upvoted, 1, reuser: 2), Event(2, ActivityType.Upvoted, 1, reuser: 7, cross: true), Event(3, ActivityType.Upvoted, 1)],
            rules, Nothing));
        Assert.Equal(2 + 3 + 2, entry.Points);
        Assert.Equal(1, entry.CrossTeamEvents);
    }

    [Fact]
    public void Pair_cap_counts_the_month_so_far_against_vote_rings()
    {
        var rules = new RuleBook([Rule(1, ActivityType.Upvoted, 2, pair: 10)]);
        // Reuser 2 already gave author 1 nine upvotes earlier this month; three more today: one scores.
        var before = new Dictionary<ReusePair, double> { [new ReusePair(2, 1, ActivityType.Upvoted)] = 9 };
        var events = new[]
        {
            Event(1, ActivityType.Upvoted, 1, reuser: 2), Event(2, ActivityType.Upvoted, 1, reuser: 2), Event(3, ActivityType.Upvoted, 1, reuser: 2),
            Event(4, ActivityType.Upvoted, 1, reuser: 3), // another reuser is not capped
            Event(5, ActivityType.Upvoted, 1),             // anonymous votes have no pair
        };
        var entry = Assert.Single(PointsCalculator.Score(Day, events, rules, before));
        Assert.Equal((5.0, 2.0, 6.0), (entry.Events, entry.CappedEvents, entry.Points));
    }

    [Fact]
    public void Pair_cap_applies_before_the_daily_cap_in_time_order()
    {
        var rules = new RuleBook([Rule(1, ActivityType.Linked, 3, cross: 5, daily: 2, pair: 1)]);
        var events = new[]
        {
            Event(1, ActivityType.Linked, 1, reuser: 2),              // scores 3
            Event(2, ActivityType.Linked, 1, reuser: 2),              // pair cap: capped
            Event(3, ActivityType.Linked, 1, reuser: 7, cross: true), // scores 5, daily cap reached
            Event(4, ActivityType.Linked, 1, reuser: 8, cross: true), // daily cap: capped
        };
        var entry = Assert.Single(PointsCalculator.Score(Day, events, rules, Nothing));
        Assert.Equal((4.0, 2.0, 2.0, 8.0), (entry.Events, entry.CrossTeamEvents, entry.CappedEvents, entry.Points));
    }

    [Fact]
    public void The_rule_in_force_on_the_day_applies_and_types_without_a_rule_score_nothing()
    {
        var rules = new RuleBook([
            Rule(1, ActivityType.Answered, 5, to: new DateOnly(2026, 10, 14)),
            Rule(2, ActivityType.Answered, 8, from: new DateOnly(2026, 10, 14)),
        ]);
        Assert.Equal(1, rules.For(ActivityType.Answered, new DateOnly(2026, 10, 13))!.Id);
        Assert.Equal(2, rules.For(ActivityType.Answered, Day)!.Id);
        var entries = PointsCalculator.Score(Day, [Event(1, ActivityType.Answered, 1), Event(2, ActivityType.Posted, 1)], rules, Nothing);
        Assert.Equal(8, Assert.Single(entries).Points);
    }

    [Fact]
    public void Mentoring_scores_per_hour()
    {
        var rules = new RuleBook([Rule(1, ActivityType.Mentored, 10, daily: 8)]);
        var entry = Assert.Single(PointsCalculator.Score(Day, [Event(1, ActivityType.Mentored, 1, units: 1.5)], rules, Nothing));
        Assert.Equal(15, entry.Points);
    }

    [Fact]
    public void Default_rules_cover_every_activity_type_once()
    {
        var rules = DefaultScoringRules.Create(DateTimeOffset.UnixEpoch);
        Assert.Equal(ActivityTypes.All.Order(), rules.Select(r => r.Type).Order());
        Assert.All(rules.Where(r => r.Type.IsReuse()), r => Assert.True(r.CrossTeamPointsPerEvent > r.PointsPerEvent && r.PairCapPerMonth > 0));
    }

    [Fact]
    public void Ties_share_a_rank_and_the_next_rank_skips()
    {
        var rows = LeaderboardQuery.Rank([(1, "a", null, 10), (2, "b", null, 20), (3, "c", null, 20), (4, "d", null, 5), (5, "e", null, 5)]);
        Assert.Equal([1, 1, 3, 4, 4], rows.Select(r => r.Rank));
        Assert.Equal([2, 3, 1, 4, 5], rows.Select(r => r.PersonId));
    }

    [Fact]
    public void A_badge_is_reached_on_the_day_the_running_total_meets_the_threshold()
    {
        var daily = new[] { (new DateOnly(2026, 1, 3), 6.0), (new DateOnly(2026, 1, 1), 3.0), (new DateOnly(2026, 1, 5), 1.0) };
        Assert.Equal(new DateOnly(2026, 1, 5), BadgeCatalog.DayReached(BadgeCatalog.Reuse10, daily));
        Assert.Null(BadgeCatalog.DayReached(BadgeCatalog.Reuse100, daily));
        Assert.Equal(new DateOnly(2026, 1, 1), BadgeCatalog.DayReached(BadgeCatalog.FirstAnswer, daily));
    }
}

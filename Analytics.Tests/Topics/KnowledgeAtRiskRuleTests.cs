using Analytics.Domain.Metrics;
using Analytics.Jobs.Topics;

namespace Analytics.Tests.Topics;

/// <summary>
/// Which topics <see cref="TopicQueries.KnowledgeAtRisk"/> lists (ADR 1704): a bus factor of 1 or 2, or a fifth of the
/// expertise going with leavers. One leaver with a sliver of a widely held topic is not a risk: before this rule every
/// such topic was listed, with twenty names each (28 of the demo's 32 rows).
/// </summary>
public sealed class KnowledgeAtRiskRuleTests
{
    private static readonly DateOnly To = new(2026, 11, 30);
    private static readonly DateOnly Left = new(2026, 9, 1);

    [Fact]
    public void A_leaver_with_a_sliver_of_a_widely_held_topic_is_not_a_risk()
    {
        // 20 people with 5 points each; one of them left: bus factor 10, leavers hold 5 % of the half.
        var index = Index(("widely held", Enumerable.Range(1, 20).Select(p => (p, 5d, p == 1 ? Left : (DateOnly?)null)).ToArray()));

        Assert.Empty(TopicQueries.KnowledgeAtRisk(index));
    }

    [Fact]
    public void Leavers_holding_a_fifth_make_a_topic_at_risk_and_the_list_names_five()
    {
        // One leaver with 25 points and 16 people with 5 (105 in all): bus factor 7, the leaver holds 24 %.
        var people = new List<(int, double, DateOnly?)> { (1, 25, Left) };
        people.AddRange(Enumerable.Range(2, 16).Select(p => (p, 5d, (DateOnly?)null)));
        var index = Index(("leaver heavy", people.ToArray()));

        var row = Assert.Single(TopicQueries.KnowledgeAtRisk(index));
        Assert.True(row.BusFactor > Expertise.RiskBusFactor, row.Why);
        Assert.True(row.LeaversShare >= Expertise.LeaverRiskShare, row.Why);
        Assert.Equal(TopicQueries.MaxRiskNamed, row.MainContributors.Count);
        Assert.Equal(row.BusFactor - TopicQueries.MaxRiskNamed, row.MoreMainContributors);
        Assert.EndsWith($" and {row.MoreMainContributors} more", row.DescribeMain(p => p.Name), StringComparison.Ordinal);
        Assert.Equal("Person 1", row.MainContributors[0].Name);
    }

    [Fact]
    public void A_bus_factor_of_two_is_at_risk_without_leavers_and_three_is_not()
    {
        var index = Index(
            ("two hold it", [(1, 40d, null), (2, 30d, null), (3, 10d, null), (4, 10d, null)]),
            ("three hold it", [(1, 10d, null), (2, 10d, null), (3, 10d, null), (4, 10d, null), (5, 10d, null)]));

        var row = Assert.Single(TopicQueries.KnowledgeAtRisk(index));
        Assert.Equal("two hold it", row.Topic);
        Assert.Equal(2, row.BusFactor);
        Assert.Equal(0, row.MoreMainContributors);
        Assert.Equal("Person 1 44 %; Person 2 33 %", row.DescribeMain(p => FormattableString.Invariant($"{p.Name} {p.Share:P0}")));
    }

    private static ExpertiseIndex Index(params (string Topic, (int Person, double Score, DateOnly? LeaveDate)[] People)[] topics)
    {
        var profiles = new Dictionary<int, PersonProfile>();
        var figures = new Dictionary<string, TopicFigures>(StringComparer.Ordinal);
        foreach (var (topic, people) in topics)
        {
            var f = figures[topic] = new TopicFigures(topic) { Items = people.Length };
            foreach (var (person, score, leaveDate) in people)
            {
                profiles[person] = new PersonProfile(person, $"Person {person}", IsBot: false, EmployeeId: person, new DateOnly(2020, 1, 1),
                    leaveDate, LeaderboardOptOut: false, [new OrgSpan(1, new DateOnly(2020, 1, 1), null)]);
                f.People[person] = new ExpertTally { ContributionPoints = score, Contributions = 1 };
            }
        }

        return new ExpertiseIndex(To.AddMonths(-12).AddDays(1), To, figures, new PeopleDirectory(profiles), new HashSet<int>(), TopicRuleSet.Empty);
    }
}

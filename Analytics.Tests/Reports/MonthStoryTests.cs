using Analytics.Domain.Metrics;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;

namespace Analytics.Tests.Reports;

/// <summary>The first sheet's sentences on a scorecard whose moves are known: what rose, what fell, where.</summary>
public sealed class MonthStoryTests
{
    private static Dictionary<string, double?> Values(params (PracticeIndicator Indicator, double? Value)[] set)
    {
        var values = PracticeCatalog.Indicators.ToDictionary(i => i.Code, _ => (double?)null);
        foreach (var (indicator, value) in set)
            values[indicator.Code] = value;
        return values;
    }

    private static PracticeDepartment Department(string code, string name, double rate) =>
        new(code.Length, code, name, 10, true, null, Values((PracticeCatalog.ActiveContributorRate, rate)));

    [Fact]
    public void The_largest_rises_and_falls_are_told_in_their_own_units_with_the_leading_and_trailing_departments()
    {
        var now = Values((PracticeCatalog.ActiveContributorRate, 0.60), (PracticeCatalog.ContributionsPerHead, 3.0), (PracticeCatalog.Attendances, 10),
            (PracticeCatalog.LearningShare, 0.10), (PracticeCatalog.MentoringHoursPerHead, 0.5));
        var before = Values((PracticeCatalog.ActiveContributorRate, 0.50), (PracticeCatalog.ContributionsPerHead, 2.0), (PracticeCatalog.Attendances, 4),
            (PracticeCatalog.LearningShare, 0.20), (PracticeCatalog.MentoringHoursPerHead, 0.5));
        var card = new PracticesScorecard(ReportingPeriod.Parse("2026-10"), new DateOnly(2026, 1, 1), 5, now, before, null,
            [], [Department("ENG", "Engineering", 0.7), Department("SAL", "Sales", 0.4), Department("OPS", "Operations", 0.55)]);

        var story = MonthStory.Tell(card, new TopFlow("Engineering", "Sales", 42));

        // Attendances +150%, contributions per head +50%, active-contributor rate +20% (told as +10.0 pts); learning share -50%
        // (told as -10.0 pts); mentoring unchanged is neither.
        Assert.Equal("In October 2026 the active-contributor rate was 60.0% (+10.0 pts on September 2026).", story[0]);
        Assert.Equal("Rose most against September 2026: attendances +150.0% to 10; contributions per head +50.0% to 3.00; "
            + "active-contributor rate +10.0 pts to 60.0%.", story[1]);
        Assert.Equal("Fell most against September 2026: people learning -10.0 pts to 10.0%.", story[2]);
        Assert.Equal("Where: of 3 departments shown, Engineering had the highest active-contributor rate (70.0%) and Sales the lowest (40.0%).", story[3]);
        Assert.Equal("Most knowledge crossed from Engineering to Sales: 42 reuse events.", story[4]);
        Assert.Equal("No comparison with October 2025 (n/a): the data does not cover that month.", story[5]);
    }

    [Fact]
    public void Without_a_month_before_or_departments_the_story_says_why_instead_of_comparing_with_zero()
    {
        var card = new PracticesScorecard(ReportingPeriod.Parse("2026-10"), new DateOnly(2026, 10, 3), 5,
            Values((PracticeCatalog.ActiveContributorRate, 0.25)), null, null, [], []);

        var story = MonthStory.Tell(card, null);

        Assert.Equal("In October 2026 the active-contributor rate was 25.0%; there is no comparison with September 2026: the data begins on 2026-10-03.", story[0]);
        Assert.DoesNotContain(story, s => s.StartsWith("Rose", StringComparison.Ordinal) || s.StartsWith("Fell", StringComparison.Ordinal));
        Assert.Contains(story, s => s.StartsWith("Where: fewer than two departments can be shown", StringComparison.Ordinal));
    }
}

using Analytics.Domain.Metrics;

namespace Analytics.Tests.Metrics;

/// <summary>The one-line takeaway above each chart: rise, fall, flat, no data, no earlier period, in progress, suppressed groups.</summary>
public sealed class ChartTakeawayTests
{
    private static TakeawayFigures Contributions(double? now, double? before) =>
        new("Contributions", TakeawayScale.Count, "November 2026", now, before, "October 2026");

    [Fact]
    public void A_rise_is_told_in_percent_since_the_period_before_with_the_leading_department()
    {
        var text = ChartTakeaway.Of(Contributions(1_120, 1_000) with
        {
            Groups = [new("Engineering", 700), new("Sales", 420)],
        });

        Assert.Equal("Contributions rose 12% since October 2026, to 1,120 in November 2026; most in Engineering (700).", text);
    }

    [Fact]
    public void A_fall_of_a_share_is_told_in_points_with_the_highest_and_lowest_department()
    {
        var text = ChartTakeaway.Of(new TakeawayFigures("Cross-team share", TakeawayScale.Share, "November 2026", 0.21, 0.24, "October 2026")
        {
            Groups = [new("Engineering", 0.30), new("Sales", 0.08), new("Finance", 0.19)],
        });

        Assert.Equal("Cross-team share fell 3.0 points since October 2026, to 21.0% in November 2026; highest in Engineering (30.0%), lowest in Sales (8.0%).", text);
    }

    [Theory]
    [InlineData(1_000, 1_000)]
    [InlineData(1_004, 1_000)] // +0.4% rounds to 0: told as unchanged, not as a rise of 0%
    public void A_change_that_rounds_to_nothing_is_unchanged(double now, double before)
    {
        var text = ChartTakeaway.Of(Contributions(now, before));

        Assert.StartsWith("Contributions unchanged since October 2026, at 1,00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_figure_is_na_and_names_no_department()
    {
        var text = ChartTakeaway.Of(Contributions(null, 1_000) with { Groups = [new("Engineering", 700)] });

        Assert.Equal("Contributions: n/a in November 2026, nothing to measure.", text);
    }

    [Fact]
    public void Without_an_earlier_period_the_change_is_na_not_a_change_from_zero()
    {
        var text = ChartTakeaway.Of(Contributions(250, null));

        Assert.Equal("Contributions: 250 in November 2026; change n/a, no earlier period in the data.", text);
    }

    [Fact]
    public void From_zero_is_up_from_none_and_zero_twice_is_none()
    {
        Assert.Equal("Contributions: 250 in November 2026, up from none in October 2026.", ChartTakeaway.Of(Contributions(250, 0)));
        Assert.Equal("Contributions: none in November 2026, none in October 2026 either.", ChartTakeaway.Of(Contributions(0, 0)));
    }

    [Fact]
    public void A_period_in_progress_has_no_change()
    {
        var text = ChartTakeaway.Of(Contributions(90, 1_000) with { InProgress = true });

        Assert.Equal("Contributions: 90 so far in November 2026, still in progress (no change until it ends).", text);
    }

    [Fact]
    public void A_suppressed_group_is_never_named_even_when_its_value_would_lead()
    {
        var text = ChartTakeaway.Of(new TakeawayFigures("Active-contributor rate", TakeawayScale.Share, "November 2026", 0.5, 0.5, "October 2026")
        {
            // A hidden group's value would never be passed in practice; even if it were, it is not used.
            Groups = [new("Tiny team", 0.99, Shown: false), new("Engineering", 0.6), new("Sales", 0.4)],
        });

        Assert.DoesNotContain("Tiny team", text, StringComparison.Ordinal);
        Assert.DoesNotContain("99", text, StringComparison.Ordinal);
        Assert.EndsWith("; of the departments shown, highest in Engineering (60.0%), lowest in Sales (40.0%).", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_suppressed_groups_name_nobody()
    {
        var text = ChartTakeaway.Of(Contributions(1_100, 1_000) with { Groups = [new("Tiny team", null, Shown: false)] });

        Assert.Equal("Contributions rose 10% since October 2026, to 1,100 in November 2026.", text);
    }

    [Fact]
    public void Tied_leaders_are_named_together()
    {
        var text = ChartTakeaway.Of(Contributions(100, 100) with { Groups = [new("Sales", 40), new("Engineering", 40), new("Finance", 20)] });

        Assert.EndsWith("; most in Sales and Engineering (40).", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_flow_takeaway_names_the_largest_drawn_cell_and_counts_empty_pairs()
    {
        string[] labels = ["Engineering", "Sales", "Finance"];
        var values = new double[,]
        {
            { double.NaN, 42, 0 },
            { 5, double.NaN, 0 },
            { 0, 3, double.NaN },
        };

        var text = ChartTakeaway.OfFlow(labels, values, "2026-11", crossTeamOnly: true);

        Assert.Equal("Most cross-team reuse in 2026-11: Sales reused knowledge of Engineering 42 times; 3 of 6 pairs had none.", text);
    }

    [Fact]
    public void A_flow_without_reuse_says_so()
    {
        var text = ChartTakeaway.OfFlow(["Engineering", "Sales"], new double[,] { { double.NaN, 0 }, { 0, double.NaN } }, "2026-11", crossTeamOnly: true);

        Assert.Equal("No cross-team reuse between the departments shown in 2026-11.", text);
    }
}

using Analytics.Domain.Metrics;

namespace Analytics.Tests.Metrics;

/// <summary>The disclosure rule of ADR 1620 on small hand-made trees (ids: 1 = root).</summary>
public sealed class ReportingGroupsTests
{
    private static IReadOnlySet<int> Disclosed(params GroupSize[] groups) => ReportingGroups.Disclosed(groups, minimum: 5);

    [Fact]
    public void A_small_group_with_one_sibling_hides_the_sibling_too()
    {
        // Root 10 = A 3 + B 7: showing B would give A as root minus B.
        var shown = Disclosed(new(1, null, 10), new(2, 1, 3), new(3, 1, 7));
        Assert.Equal([1], shown.Order());
    }

    [Fact]
    public void A_head_of_department_alone_above_the_teams_hides_the_smallest_team()
    {
        // Department 2 has 11 people: its head and two teams of 5. Showing both teams gives the head's figures.
        var shown = Disclosed(new(1, null, 11), new(2, 1, 11), new(3, 2, 5), new(4, 2, 5));
        Assert.Equal([1, 2, 4], shown.Order());
    }

    [Fact]
    public void A_group_that_is_the_sum_of_its_shown_parts_is_hidden_with_one_of_its_parts()
    {
        // Root 13 = 3 direct + X 10 (X1 5 + X2 5). Hiding X alone would not help: X = X1 + X2.
        var shown = Disclosed(new(1, null, 13), new(2, 1, 10), new(3, 2, 5), new(4, 2, 5));
        Assert.Equal([1, 4], shown.Order());
    }

    [Fact]
    public void Groups_that_add_up_exactly_or_leave_enough_people_hidden_all_show()
    {
        Assert.Equal([1, 2, 3], Disclosed(new(1, null, 10), new(2, 1, 5), new(3, 1, 5)).Order());
        Assert.Equal([1, 2], Disclosed(new(1, null, 10), new(2, 1, 5), new(3, 1, 2), new(4, 1, 3)).Order());
    }

    [Fact]
    public void Membership_is_every_department_on_the_path()
    {
        Assert.Equal([1, 5, 12], ReportingGroups.Of("/1/5/12/"));
        Assert.Equal(5, ReportingGroups.ParentOf("/1/5/12/"));
        Assert.Null(ReportingGroups.ParentOf("/1/"));
    }
}

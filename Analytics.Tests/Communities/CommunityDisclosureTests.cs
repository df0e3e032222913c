using Analytics.Domain.Metrics;

namespace Analytics.Tests.Communities;

public sealed class CommunityDisclosureTests
{
    // Items 1..n with the people active on each.
    private static readonly Dictionary<long, IReadOnlySet<int>> People = new()
    {
        [1] = new HashSet<int> { 1, 2, 3 },
        [2] = new HashSet<int> { 4, 5 },
        [3] = new HashSet<int> { 6 },
        [4] = new HashSet<int> { 7, 8, 9 },
        [5] = new HashSet<int> { 10, 11, 12 },
    };

    private static CommunityFootprint C(int id, params long[] items) => new(id, items.ToHashSet(), People);

    [Fact]
    public void A_community_under_the_minimum_is_hidden()
    {
        var shown = CommunityDisclosure.Disclosed([C(1, 1, 2), C(2, 3), C(3, 2, 3)], minimum: 3);
        Assert.Equal([1, 3], shown.Order());
    }

    [Fact]
    public void An_inner_community_is_hidden_when_the_outer_minus_it_would_be_fewer_than_the_minimum()
    {
        // Outer = items 1,2,3 (6 people), inner = items 1,2 (5 people): outer minus inner is person 6 alone.
        var shown = CommunityDisclosure.Disclosed([C(1, 1, 2, 3), C(2, 1, 2)], minimum: 3);
        Assert.Equal([1], shown);
    }

    [Fact]
    public void Nested_communities_both_show_when_the_difference_is_none_or_at_least_the_minimum()
    {
        // Outer = items 1,4,5, inner = 1,4: the difference is item 5, three people.
        Assert.Equal([1, 2], CommunityDisclosure.Disclosed([C(1, 1, 4, 5), C(2, 1, 4)], minimum: 3).Order());
        // Two communities of the same items show the same figures: nothing is revealed.
        Assert.Equal([1, 2], CommunityDisclosure.Disclosed([C(1, 1, 4), C(2, 1, 4)], minimum: 3).Order());
        // Outer = the union of two shown inner ones: the difference is nobody.
        Assert.Equal([1, 2, 3], CommunityDisclosure.Disclosed([C(1, 1, 4, 5), C(2, 1, 4), C(3, 5)], minimum: 3).Order());
    }

    [Fact]
    public void Hiding_repeats_until_no_difference_reveals_a_small_group()
    {
        // Outer 1,2,3,4 with inner 1,2,4 and inner-inner 1,4: outer minus (1,2,4) is person 6; then outer minus (1,4)
        // is persons 4,5,6 (three): the rule holds once the middle one is hidden.
        var shown = CommunityDisclosure.Disclosed([C(1, 1, 2, 3, 4), C(2, 1, 2, 4), C(3, 1, 4)], minimum: 3);
        Assert.DoesNotContain(2, shown);
        Assert.Contains(1, shown);
        var outerMinusShown = new[] { 1L, 2, 3, 4 }.Except(shown.Where(s => s != 1).SelectMany(s => s == 3 ? new long[] { 1, 4 } : [1, 2, 4]))
            .SelectMany(i => People[i]).Distinct().Count();
        Assert.True(outerMinusShown == 0 || outerMinusShown >= 3, $"outer minus shown inner communities is {outerMinusShown} people");
    }
}

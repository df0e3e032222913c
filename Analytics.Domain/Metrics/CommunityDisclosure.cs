namespace Analytics.Domain.Metrics;

/// <summary>A community in one month: its items and the people active on each (the contributors counted as members).</summary>
public sealed record CommunityFootprint(int CommunityId, IReadOnlySet<long> Items, IReadOnlyDictionary<long, IReadOnlySet<int>> PeopleByItem)
{
    public int Members => PeopleByItem.Where(p => Items.Contains(p.Key)).SelectMany(p => p.Value).Distinct().Count();
}

/// <summary>
/// Which communities may show figures in a month (ADR 1712), the community form of <see cref="ReportingGroups.Disclosed"/>:
/// a community with fewer active members than the minimum is hidden; then, because communities can contain each
/// other (one's items a subset of another's), for every shown community the people active on its items outside
/// every shown community inside it must be none or at least the minimum, or the smallest such inner community is
/// hidden too, until the rule holds. Otherwise "Platform guild" minus "Kubernetes" would be two people's figures.
/// </summary>
public static class CommunityDisclosure
{
    public static IReadOnlySet<int> Disclosed(IReadOnlyCollection<CommunityFootprint> communities, int minimum)
    {
        var shown = communities.Where(c => c.Members >= minimum).Select(c => c.CommunityId).ToHashSet();
        var byId = communities.ToDictionary(c => c.CommunityId);

        // Inner: a shown community whose items are all items of the outer one (and not the same set: equal sets show equal figures).
        IEnumerable<CommunityFootprint> Inner(CommunityFootprint outer) => communities.Where(c =>
            c.CommunityId != outer.CommunityId && shown.Contains(c.CommunityId) && c.Items.Count < outer.Items.Count && c.Items.IsSubsetOf(outer.Items));

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var outer in communities.Where(c => shown.Contains(c.CommunityId)).OrderBy(c => c.CommunityId).ToList())
            {
                var inner = Inner(outer).ToList();
                if (inner.Count == 0)
                    continue;
                var covered = inner.SelectMany(c => c.Items).ToHashSet();
                var rest = outer.PeopleByItem.Where(p => outer.Items.Contains(p.Key) && !covered.Contains(p.Key))
                    .SelectMany(p => p.Value).Distinct().Count();
                if (rest > 0 && rest < minimum)
                {
                    var smallest = inner.OrderBy(c => c.Members).ThenBy(c => c.CommunityId).First();
                    shown.Remove(byId[smallest.CommunityId].CommunityId);
                    changed = true;
                }
            }
        }

        return shown;
    }
}

using System.Globalization;

namespace Analytics.Domain.Metrics;

/// <summary>A department as a reporting group: its subtree headcount in the period (people employed in it or below).</summary>
public sealed record GroupSize(int DepartmentId, int? ParentId, int Headcount);

/// <summary>
/// The one definition of a reporting group and of which groups may show figures (product.md, "Privacy and trust";
/// ADR 1620). A group is a department with everything under it: a person counts in every department on the path
/// of the department they sat in. Every group figure (Departments page, API and export, knowledge-flow matrix,
/// silos, the monthly report) is computed over these groups and shown only for <see cref="Disclosed"/> ones.
/// </summary>
public static class ReportingGroups
{
    /// <summary>The groups a member of this department belongs to: the ids on its materialised path ("/1/5/12/"), root first.</summary>
    public static int[] Of(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];

    /// <summary>The parent department id of a materialised path; null for the root.</summary>
    public static int? ParentOf(string path)
    {
        var ids = Of(path);
        return ids.Length > 1 ? ids[^2] : null;
    }

    /// <summary>
    /// The groups whose figures may be shown. A group under <paramref name="minimum"/> people is suppressed; then
    /// complementary suppression: for every group whose figures are known (shown, the root, whose figures are the
    /// company's, or derivable as the sum of its parts), the people it holds outside its known sub-groups (its
    /// direct members and the members of hidden sub-groups) are either none or at least the minimum. Otherwise the
    /// parent's figures minus its visible children's would be a small group's figures (or one head of department's).
    /// When that happens the smallest known child with people is hidden too, until the rule holds everywhere.
    /// </summary>
    public static IReadOnlySet<int> Disclosed(IReadOnlyCollection<GroupSize> groups, int minimum)
    {
        var byId = groups.ToDictionary(g => g.DepartmentId);
        var children = groups.ToLookup(g => g.ParentId);
        var shown = groups.Where(g => g.Headcount >= minimum).Select(g => g.DepartmentId).ToHashSet();

        // People of a group who are in none of its sub-groups. Moves within the period can count a person in two
        // sub-groups, so the difference is floored at zero.
        int Direct(GroupSize g) => Math.Max(0, g.Headcount - children[g.DepartmentId].Sum(c => c.Headcount));

        // Known: shown, or the root (the company figures are public to the dashboard), or recoverable as the exact
        // sum of known parts.
        bool Known(GroupSize g) =>
            shown.Contains(g.DepartmentId) || g.ParentId is null || !byId.ContainsKey(g.ParentId.Value)
            || (Direct(g) == 0 && children[g.DepartmentId].All(Known));

        void Hide(GroupSize g)
        {
            shown.Remove(g.DepartmentId);
            // Still the sum of its known children: hiding it alone hides nothing, so hide its smallest child too.
            if (Known(g) && SmallestKnownChild(g) is { } child)
                Hide(child);
        }

        GroupSize? SmallestKnownChild(GroupSize g) => children[g.DepartmentId]
            .Where(c => c.Headcount > 0 && Known(c)).OrderBy(c => c.Headcount).ThenBy(c => c.DepartmentId).FirstOrDefault();

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var group in groups.OrderBy(g => g.DepartmentId))
            {
                if (!Known(group))
                    continue;
                var hidden = Direct(group) + children[group.DepartmentId].Where(c => !Known(c)).Sum(c => c.Headcount);
                if (hidden > 0 && hidden < minimum && SmallestKnownChild(group) is { } child)
                {
                    Hide(child);
                    changed = true;
                }
            }
        }

        return shown;
    }
}

using Analytics.Domain.Metrics;

namespace Analytics.Jobs.Metrics;

/// <summary>
/// Whose figures a leaderboard, a metric or a barrier is computed over. The two are never mixed (ADR 2201):
/// employees are what group figures and headcounts mean; unlinked people (persons found in sources with no HR
/// employee record, never bots) are shown apart, so a user with exports and no HR directory yet still sees
/// who shares, without those people silently inflating department figures later.
/// </summary>
public enum Population
{
    Employees,
    Unlinked,
}

public static class Populations
{
    public static bool Includes(this Population population, PersonProfile? person) => person is not null && population switch
    {
        Population.Employees => person.CountsInGroups,
        _ => !person.IsBot && !person.IsLinked,
    };

    public static string Title(this Population population) => population switch
    {
        Population.Employees => "employees",
        _ => "unlinked people (found in sources, not linked to an HR employee record)",
    };
}

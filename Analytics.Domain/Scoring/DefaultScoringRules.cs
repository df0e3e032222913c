using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Scoring;

/// <summary>
/// The rules seeded when the database has none (docs/metrics.md lists them). Reuse is worth more than
/// the act of writing, and more again across teams, because the product rewards knowledge that others use;
/// caps keep chat volume and vote rings from buying a leaderboard place.
/// </summary>
public static class DefaultScoringRules
{
    /// <summary>Far enough back to cover any imported history.</summary>
    public static DateOnly EffectiveFrom { get; } = new(2000, 1, 1);

    public static IReadOnlyList<ScoringRule> Create(DateTimeOffset now) =>
    [
        Rule(ActivityType.Authored, 10, dailyCap: 10),
        Rule(ActivityType.Edited, 2, dailyCap: 20),
        Rule(ActivityType.Asked, 2, dailyCap: 10),
        Rule(ActivityType.Answered, 5, dailyCap: 20),
        Rule(ActivityType.Commented, 1, dailyCap: 20),
        Rule(ActivityType.Posted, 0.5, dailyCap: 20),
        Rule(ActivityType.Presented, 20, dailyCap: 2),
        Rule(ActivityType.Mentored, 10, dailyCap: 8),
        Rule(ActivityType.Reviewed, 3, dailyCap: 20),
        Rule(ActivityType.Completed, 5, dailyCap: 5),
        Rule(ActivityType.Attended, 2, dailyCap: 5),
        Rule(ActivityType.Viewed, 0.5, crossTeam: 1, dailyCap: 100, pairCap: 31),
        Rule(ActivityType.Linked, 3, crossTeam: 5, dailyCap: 50, pairCap: 10),
        Rule(ActivityType.Accepted, 10, crossTeam: 15, dailyCap: 20, pairCap: 5),
        Rule(ActivityType.Upvoted, 2, crossTeam: 3, dailyCap: 50, pairCap: 10),
        Rule(ActivityType.Reacted, 0.5, crossTeam: 1, dailyCap: 50, pairCap: 20),
        Rule(ActivityType.Duplicate, 5, crossTeam: 8, dailyCap: 10, pairCap: 5),
    ];

    private static ScoringRule Rule(ActivityType type, double points, double? crossTeam = null, int? dailyCap = null, int? pairCap = null) => new()
    {
        Type = type,
        PointsPerEvent = points,
        CrossTeamPointsPerEvent = crossTeam,
        DailyCapPerPerson = dailyCap,
        PairCapPerMonth = pairCap,
        EffectiveFrom = EffectiveFrom,
        CreatedBy = "system:defaults",
    };
}

using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Scoring;

/// <summary>One line of a person's points: a day, a type, the rule applied, and what the caps cut.</summary>
public sealed class PointsEntry
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public DateOnly Day { get; set; }
    public ActivityType Type { get; set; }
    public int ScoringRuleId { get; set; }
    public ScoringRule? ScoringRule { get; set; }
    public double Events { get; set; }
    public double CrossTeamEvents { get; set; }

    /// <summary>Events that scored nothing because a daily or pair cap was reached.</summary>
    public double CappedEvents { get; set; }

    public double Points { get; set; }
}

using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Scoring;

/// <summary>
/// Points for one activity type over a span of days. Changing a rule closes the old one
/// (<see cref="EffectiveTo"/>) and adds a new one, so past periods keep the rule they were scored with.
/// </summary>
public sealed class ScoringRule
{
    public int Id { get; set; }
    public ActivityType Type { get; set; }
    public double PointsPerEvent { get; set; }

    /// <summary>For reuse: points per event when the reuser sits in another department.</summary>
    public double? CrossTeamPointsPerEvent { get; set; }

    /// <summary>At most this many events of the type score per person and day.</summary>
    public int? DailyCapPerPerson { get; set; }

    /// <summary>For reuse: at most this many events from one reuser to one author score per month (vote rings).</summary>
    public int? PairCapPerMonth { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    /// <summary>Exclusive; null while in force.</summary>
    public DateOnly? EffectiveTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

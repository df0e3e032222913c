namespace Analytics.Domain.Scoring;

/// <summary>A milestone reached by a person; each badge is awarded once.</summary>
public sealed class BadgeAward
{
    public long Id { get; set; }
    public int PersonId { get; set; }

    /// <summary>first-answer, reuse-10, reuse-100, connector, mentor, reflective-practitioner...</summary>
    public required string BadgeCode { get; set; }

    public DateOnly AwardedOn { get; set; }
    public string? Evidence { get; set; }
}

using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Aggregation;

/// <summary>
/// The expertise evidence of one month (ADR 1841): per credited person (the actor of a contribution, the item's author for
/// reuse), per item topics as the items carry them (own or the parent's, before HR's rules) and activity type. Written by
/// the aggregation from the month's activity; the expertise index reads it instead of twelve months of raw activity.
/// Topics are stored raw so that HR's merges and hidden topics apply when read, as they do to raw activity.
/// A month is stored in segments (ADR 2306): each row sums the evidence of the days [<see cref="FirstDay"/>,
/// <see cref="LastDay"/>] of its month, the segments of a month do not overlap, and a month's evidence is the sum of its
/// rows. A recompute replaces only the segments holding a changed day, so a new day costs a day, not its month.
/// </summary>
public sealed class MonthlyExpertise
{
    public long Id { get; set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }

    /// <summary>The first day of the segment this row belongs to (inside <see cref="Month"/>).</summary>
    public DateOnly FirstDay { get; set; }

    /// <summary>The last day of the segment this row belongs to (inside <see cref="Month"/>).</summary>
    public DateOnly LastDay { get; set; }

    public int PersonId { get; set; }
    public string Topics { get; set; } = "";
    public ActivityType Type { get; set; }

    /// <summary>Activities counted.</summary>
    public int Events { get; set; }

    /// <summary>Activities with a quantity other than 0 (those that earn points when the type has a weight).</summary>
    public int QuantityEvents { get; set; }

    public double Quantity { get; set; }

    /// <summary>
    /// Σ quantity × 2^((day − month's first day) / half-life): the recency of each day relative to the month's start, so a
    /// window ending on any later day gets the exact points by one factor (<see cref="Metrics.Expertise.Recency"/>).
    /// </summary>
    public double Weighted { get; set; }
}

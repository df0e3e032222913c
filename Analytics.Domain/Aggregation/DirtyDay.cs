namespace Analytics.Domain.Aggregation;

/// <summary>A day whose aggregates are out of date: marked by ingestion and identity changes, cleared by aggregation.</summary>
public sealed class DirtyDay
{
    public DateOnly Day { get; set; }
    public DateTimeOffset MarkedAt { get; set; }

    /// <summary>
    /// Bumped by every mark. The aggregator clears a day only if this is still what it read before reading the day's
    /// activities (ADR 1403), so a day marked again during its recompute stays dirty without a SERIALIZABLE transaction.
    /// </summary>
    public long Generation { get; set; }
}

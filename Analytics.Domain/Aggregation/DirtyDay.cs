namespace Analytics.Domain.Aggregation;

/// <summary>A day whose aggregates are out of date: marked by ingestion and identity changes, cleared by aggregation.</summary>
public sealed class DirtyDay
{
    public DateOnly Day { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
}

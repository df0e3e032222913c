namespace Analytics.Domain.Aggregation;

/// <summary>A closed month: its leaderboards are read from <see cref="MonthlySnapshot"/>, never recomputed.</summary>
public sealed class MonthClose
{
    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; set; }

    public DateTimeOffset ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
}

/// <summary>One person's frozen figures of a closed month; any department scope is a filter on it.</summary>
public sealed class MonthlySnapshot
{
    public DateOnly Month { get; set; }
    public int PersonId { get; set; }

    /// <summary>Department at the month's end.</summary>
    public int? DepartmentId { get; set; }

    public double Points { get; set; }
    public double RecognitionPoints { get; set; }
    public int Contributions { get; set; }
    public double ReuseReceived { get; set; }
    public double CrossTeamReuse { get; set; }
}

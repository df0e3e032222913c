using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Aggregation;

/// <summary>
/// The <see cref="DailyPersonMetric"/> rows of one calendar month summed per person, type and department (ADR 2011):
/// written by the aggregator from the month's day rows, so a whole-month read costs one row per person and type instead
/// of one per day. A person who changed department in the month has one row per department, as the day rows do.
/// </summary>
public sealed class MonthlyPersonMetric
{
    /// <summary>Surrogate key: the natural one (month, person, type, department) has a nullable part.</summary>
    public long Id { get; set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }

    public int PersonId { get; set; }
    public ActivityType Type { get; set; }
    public int? DepartmentId { get; set; }
    public int Count { get; set; }
    public double Quantity { get; set; }
    public double CrossTeam { get; set; }
}

namespace Analytics.Domain.Aggregation;

/// <summary>
/// One person's month in one department (ADR 2304): the <see cref="MonthlyPersonMetric"/> rows of that person, month and
/// department summed across activity types into the company line's figures. Written by the aggregator beside the
/// roll-ups it is summed from, so the overview's trend reads one row per person and month (about 4,000 a month on the 5M
/// benchmark) instead of one per person, type and department (about 54,000).
/// </summary>
public sealed class MonthlyPersonTotal
{
    /// <summary>Surrogate key: the natural one (month, person, department) has a nullable part.</summary>
    public long Id { get; set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }

    public int PersonId { get; set; }

    /// <summary>Null for activity outside any department (unlinked people, bots), as in the roll-ups.</summary>
    public int? DepartmentId { get; set; }

    /// <summary>Roll-up rows of contribution types (more than zero: an active contributor in the month).</summary>
    public int ContributionRows { get; set; }

    public int Contributions { get; set; }
    public double Reuse { get; set; }
    public double CrossTeam { get; set; }
    public int Completions { get; set; }
    public double MentoringHours { get; set; }
}

namespace Analytics.Domain.Organisation;

/// <summary>
/// Where an employee sat in the org chart for a span of days: department and manager, effective
/// from <see cref="ValidFrom"/> up to, not including, <see cref="ValidTo"/>. A past month is reported
/// with the assignments in force on each day, so transfers never rewrite history.
/// </summary>
public sealed class OrgAssignment
{
    public long Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public int DepartmentId { get; set; }
    public Department? Department { get; set; }
    public int? ManagerId { get; set; }
    public Employee? Manager { get; set; }
    public DateOnly ValidFrom { get; set; }

    /// <summary>Exclusive end; null while in force.</summary>
    public DateOnly? ValidTo { get; set; }

    public bool IsInForceOn(DateOnly day) => day >= ValidFrom && (ValidTo is null || day < ValidTo);
}

public static class OrgAssignmentQueries
{
    /// <summary>The assignments in force on <paramref name="day"/> (from <see cref="OrgAssignment.ValidFrom"/>, up to the exclusive end).</summary>
    public static IQueryable<OrgAssignment> InForceOn(this IQueryable<OrgAssignment> assignments, DateOnly day) =>
        assignments.Where(a => a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day));
}

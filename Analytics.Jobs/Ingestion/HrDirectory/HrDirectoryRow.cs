namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>The HR directory CSV columns (docs/ingestion.md). Header names are matched case-insensitively.</summary>
public static class HrColumns
{
    public const string EmployeeId = "employee_id";
    public const string Name = "name";
    public const string Email = "email";
    public const string Aliases = "aliases";
    public const string Department = "department";
    public const string ManagerId = "manager_id";
    public const string Location = "location";
    public const string HireDate = "hire_date";
    public const string LeaveDate = "leave_date";
    public const string EffectiveDate = "effective_date";

    public static IReadOnlyList<string> All { get; } = [EmployeeId, Name, Email, Aliases, Department, ManagerId, Location, HireDate, LeaveDate, EffectiveDate];

    public static IReadOnlyList<string> Required { get; } = [EmployeeId, Name, Email, Department, HireDate];
}

/// <summary>One validated row of the HR directory.</summary>
public sealed record HrDirectoryRow(
    long Line,
    string EmployeeNumber,
    string Name,
    string Email,
    IReadOnlyList<string> Aliases,
    string Department,
    string? ManagerNumber,
    string? Location,
    DateOnly HireDate,
    DateOnly? LeaveDate,
    DateOnly? EffectiveDate,
    string Excerpt);

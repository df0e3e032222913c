using Analytics.Domain.Email;

namespace Analytics.Domain.Organisation;

public sealed class Employee
{
    public int Id { get; set; }

    /// <summary>The HR directory's employee id.</summary>
    public required string EmployeeNumber { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>Primary e-mail, stored lower-case so that matching is case-insensitive on both providers.</summary>
    public required string Email { get; set; }

    public string? Location { get; set; }
    public DateOnly HireDate { get; set; }

    /// <summary>Last day of employment; null while employed.</summary>
    public DateOnly? LeaveDate { get; set; }

    public bool LeaderboardOptOut { get; set; }

    /// <summary>Set by the employee on their profile: never listed as an expert (page, API, export, report).</summary>
    public bool HiddenFromExpertise { get; set; }
    /// <summary>The e-mail digests the employee turned off on their e-mail settings page (audited).</summary>
    public EmailDigest EmailOptOut { get; set; }

    public List<EmployeeAlias> Aliases { get; set; } = [];
    public List<OrgAssignment> Assignments { get; set; } = [];

    public bool IsEmployedOn(DateOnly day) => day >= HireDate && (LeaveDate is null || day <= LeaveDate);
}

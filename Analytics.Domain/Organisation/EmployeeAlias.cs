namespace Analytics.Domain.Organisation;

/// <summary>Another e-mail address of an employee (old domain, nickname address, personal Git address).</summary>
public sealed class EmployeeAlias
{
    public int Id { get; set; }
    public int EmployeeId { get; set; }
    public Employee? Employee { get; set; }

    /// <summary>Lower-case.</summary>
    public required string Email { get; set; }
}

using Analytics.Domain.Organisation;

namespace Analytics.Domain.People;

/// <summary>
/// A human (or bot) behind one or more source accounts. Metrics are computed per person; a person
/// linked to an <see cref="Employee"/> takes that employee's department on each day.
/// </summary>
public sealed class Person
{
    public int Id { get; set; }
    public required string DisplayName { get; set; }
    public int? EmployeeId { get; set; }
    public Employee? Employee { get; set; }
    public bool IsBot { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SourceAccount> Accounts { get; set; } = [];
}

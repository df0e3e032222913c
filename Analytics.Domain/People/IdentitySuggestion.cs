using Analytics.Domain.Organisation;

namespace Analytics.Domain.People;

public enum SuggestionStatus
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>A likely but unproven link of a person to an employee (same name, similar username), for HR to decide.</summary>
public sealed class IdentitySuggestion
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int EmployeeId { get; set; }
    public Employee? Employee { get; set; }

    /// <summary>Why it was suggested, in words HR can judge ("same display name").</summary>
    public required string Reason { get; set; }

    /// <summary>0..1, higher is likelier.</summary>
    public double Score { get; set; }

    public SuggestionStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

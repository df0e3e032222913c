using Analytics.Domain.Sources;

namespace Analytics.Domain.People;

/// <summary>An account in one source system (a wiki user, a Git author e-mail, a Slack member).</summary>
public sealed class SourceAccount
{
    public int Id { get; set; }
    public int SourceSystemId { get; set; }
    public SourceSystem? SourceSystem { get; set; }

    /// <summary>The source's own account key: user id, e-mail, member id.</summary>
    public required string ExternalId { get; set; }

    public string? DisplayName { get; set; }

    /// <summary>Lower-case when present.</summary>
    public string? Email { get; set; }

    public string? Username { get; set; }
    public bool IsBot { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
}

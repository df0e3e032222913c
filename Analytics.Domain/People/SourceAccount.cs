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

    /// <summary>
    /// When the activity that carried <see cref="DisplayName"/> happened: a later activity with another name renames the
    /// account, an earlier one does not, so a name follows the most recent activity whatever order a source is read in.
    /// </summary>
    public DateTime? DisplayNameSeenAt { get; set; }

    /// <summary>Lower-case when present.</summary>
    public string? Email { get; set; }

    public string? Username { get; set; }
    public bool IsBot { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
}

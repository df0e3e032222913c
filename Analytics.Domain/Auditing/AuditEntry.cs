namespace Analytics.Domain.Auditing;

/// <summary>Who did what to what, and when. Written in the same transaction as the change it records.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>User name, "system" or "cli:root".</summary>
    public required string Actor { get; set; }

    /// <summary>award.created, scoring.changed, profile.viewed, report.downloaded...</summary>
    public required string Action { get; set; }

    /// <summary>"Employee:42", "ScoringRule:7".</summary>
    public string? Subject { get; set; }

    public string? Details { get; set; }
}

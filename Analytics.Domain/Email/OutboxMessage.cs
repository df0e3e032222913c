using Analytics.Domain.Organisation;

namespace Analytics.Domain.Email;

/// <summary>The product's e-mail digests; a flag set on <see cref="Employee.EmailOptOut"/> lists the ones a person turned off.</summary>
[Flags]
public enum EmailDigest
{
    None = 0,

    /// <summary>To managers and budget holders at the start of a month: budget left and suggestions for their line.</summary>
    MonthlyBudget = 1,

    /// <summary>To the awardee when an award is approved.</summary>
    AwardApproved = 2,

    /// <summary>To Leadership and HR when a month's report is stored (a link, never the workbook).</summary>
    ReportStored = 4,
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>Not sent on purpose: the recipient turned the digest off or has no usable address (<see cref="OutboxMessage.LastError"/> says which).</summary>
    Skipped = 2,

    /// <summary>Attempts used up; the last error is kept.</summary>
    Failed = 3,
}

/// <summary>
/// One e-mail to one employee, rendered when its event happened and sent later by the outbox job (ADR 1821). The key
/// (<see cref="Kind"/>, <see cref="RecipientId"/>, <see cref="SubjectKey"/>) is unique, so producing the same message
/// twice stores it once.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public EmailDigest Kind { get; set; }
    public int RecipientId { get; set; }
    public Employee? Recipient { get; set; }

    /// <summary>What the message is about: the month ("2026-11") or the award id ("award-42").</summary>
    public required string SubjectKey { get; set; }

    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>The last failure or the reason for a skip, in words.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

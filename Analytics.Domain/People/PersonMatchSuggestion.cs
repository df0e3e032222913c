namespace Analytics.Domain.People;

/// <summary>
/// Two persons that look like one human (the same normalised display name, or the same e-mail local part on
/// accounts of different sources or e-mails), for HR to merge or keep apart (ADR 2203). Never merged by itself.
/// <see cref="PersonId"/> is the lower id: a pair is suggested once whichever side was seen first.
/// </summary>
public sealed class PersonMatchSuggestion
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public int OtherPersonId { get; set; }
    public Person? OtherPerson { get; set; }

    /// <summary>The evidence, in words HR can judge: which accounts of which sources share what.</summary>
    public required string Reason { get; set; }

    /// <summary>0..1, higher is likelier.</summary>
    public double Score { get; set; }

    public SuggestionStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Organisation;

namespace Analytics.Domain.Recognition;

public enum RecognitionCategory
{
    Sharing = 1,
    Reflection = 2,
    LearningCommunity = 3,
    Mentoring = 4,
    LifelongLearning = 5,
}

public enum AwardStatus
{
    PendingApproval = 0,
    Approved = 1,
    Rejected = 2,
}

public sealed class RecognitionAward
{
    public long Id { get; set; }
    public int GiverId { get; set; }
    public Employee? Giver { get; set; }
    public int RecipientId { get; set; }
    public Employee? Recipient { get; set; }
    public int BudgetId { get; set; }
    public RecognitionBudget? Budget { get; set; }
    public RecognitionCategory Category { get; set; }
    public required string Message { get; set; }
    public int Points { get; set; }
    public AwardStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }

    /// <summary>When the awardee hid the award from the recognition feed (null: shown). Profile and reports still list it.</summary>
    public DateTimeOffset? HiddenFromFeedAt { get; set; }

    public List<AwardEvidence> Evidence { get; set; } = [];
}

/// <summary>
/// A contribution the award recognises, as it was when the award was given (ADR 1404): raw activities are purged after
/// <c>Retention:RawActivityMonths</c>, an award is kept, so the evidence keeps its own copy of the activity's facts and
/// <see cref="ActivityId"/> is a plain value (no foreign key) that may outlive the row it named.
/// </summary>
public sealed class AwardEvidence
{
    public long AwardId { get; set; }
    public long ActivityId { get; set; }
    public ActivityType Type { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? Source { get; set; }
    public string? ItemTitle { get; set; }
    public string? ItemUrl { get; set; }

    public static AwardEvidence Of(Activity activity) => new()
    {
        ActivityId = activity.Id,
        Type = activity.Type,
        OccurredAt = activity.OccurredAt,
        Source = activity.SourceSystem?.Name,
        ItemTitle = activity.Item?.Title,
        ItemUrl = activity.Item?.Url,
    };
}

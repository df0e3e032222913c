using Analytics.Domain.People;
using Analytics.Domain.Sources;

namespace Analytics.Domain.Knowledge;

/// <summary>
/// One thing that happened in a source system. Unique on (source, source event id), so importing
/// the same record twice adds nothing. Contributions and learning are credited to the actor, reuse to
/// the item's author; who that is follows the accounts' persons, so an identity merge needs no rewrite.
/// </summary>
public sealed class Activity
{
    public long Id { get; set; }
    public int SourceSystemId { get; set; }
    public SourceSystem? SourceSystem { get; set; }

    /// <summary>The source's own id of the event, e.g. "post:17:asked" or a commit sha.</summary>
    public required string SourceEventId { get; set; }

    public ActivityType Type { get; set; }

    /// <summary>Who did it. Null when the source does not say (Stack Exchange votes carry no voter).</summary>
    public int? ActorAccountId { get; set; }

    public SourceAccount? ActorAccount { get; set; }
    public long? ItemId { get; set; }
    public KnowledgeItem? Item { get; set; }
    public DateTime OccurredAt { get; set; }

    /// <summary>Events this record stands for (views since the last dump) or hours (mentoring).</summary>
    public double Quantity { get; set; } = 1;

    public long? SyncRunId { get; set; }
}

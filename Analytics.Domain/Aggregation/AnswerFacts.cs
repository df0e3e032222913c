namespace Analytics.Domain.Aggregation;

/// <summary>
/// A question as the answer rate reads it (ADR 2041): one row per `asked` activity on an item, written by the aggregator
/// in the transaction of the activity's day. It holds accounts, not persons: the person behind an account and the
/// account's bot flag are read with the figures, as from raw activity, so identity changes rewrite nothing.
/// </summary>
public sealed class QuestionFact
{
    /// <summary>The `asked` activity; the fact goes with it (a retraction, the retention purge).</summary>
    public long ActivityId { get; set; }

    public long ItemId { get; set; }

    /// <summary>Null for an anonymous asker.</summary>
    public int? AskerAccountId { get; set; }

    public DateTime AskedAt { get; set; }
}

/// <summary>
/// An answer as the answer rate reads it (ADR 2041): one row per `answered` activity whose item has a parent (the
/// question's item), written with the activity's day like <see cref="QuestionFact"/>.
/// </summary>
public sealed class AnswerFact
{
    /// <summary>The `answered` activity; the fact goes with it.</summary>
    public long ActivityId { get; set; }

    /// <summary>The answer item's parent: the item of the question answered.</summary>
    public long QuestionItemId { get; set; }

    public int? ActorAccountId { get; set; }

    /// <summary>The answer item's author, who counts as the answerer when the activity has no actor.</summary>
    public int? AuthorAccountId { get; set; }

    public DateTime AnsweredAt { get; set; }
}

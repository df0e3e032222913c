namespace Analytics.Domain.Knowledge;

/// <summary>
/// HR's decision about one topic key: merge it into another topic, or hide it. Topics are derived from the items'
/// metadata every time they are read, so a rule stored here applies to items imported after it too: a sync that
/// brings the old spelling back cannot undo a merge. Every change is audited ("topic.merged", "topic.hidden").
/// </summary>
public sealed class TopicRule
{
    public int Id { get; set; }

    /// <summary>The normalised topic key the rule is about (<see cref="TopicNames.Normalise"/>).</summary>
    public required string TopicKey { get; set; }

    /// <summary>The topic key its items count for instead; null when not merged.</summary>
    public string? MergeIntoKey { get; set; }

    /// <summary>Left out of topic lists, expertise, topic pages and knowledge at risk.</summary>
    public bool Hidden { get; set; }

    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

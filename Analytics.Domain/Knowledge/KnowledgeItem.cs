using Analytics.Domain.People;
using Analytics.Domain.Sources;

namespace Analytics.Domain.Knowledge;

/// <summary>A piece of shared knowledge: a page, question, answer, file, message, course.</summary>
public sealed class KnowledgeItem
{
    public long Id { get; set; }
    public int SourceSystemId { get; set; }
    public SourceSystem? SourceSystem { get; set; }

    /// <summary>The source's own item key (post id, page title, file path, message ts).</summary>
    public required string ExternalId { get; set; }

    public string? Title { get; set; }
    public string? Url { get; set; }

    /// <summary>page, question, answer, tag-wiki, file, message, course, session...</summary>
    public required string Kind { get; set; }

    /// <summary>Whom reuse of this item is credited to.</summary>
    public int? AuthorAccountId { get; set; }

    public SourceAccount? AuthorAccount { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? LastEditedAt { get; set; }

    /// <summary>Space, channel or tags, separated by '|': the expertise topics of the people who write it.</summary>
    public string? Topics { get; set; }

    /// <summary>The question this answer belongs to, for answer rate and time to first answer.</summary>
    public long? ParentItemId { get; set; }

    public KnowledgeItem? Parent { get; set; }
}

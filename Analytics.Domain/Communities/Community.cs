using Analytics.Domain.Sources;

namespace Analytics.Domain.Communities;

/// <summary>
/// A community of practice (product.md, "Learning communities"): a named set of channels, spaces or tags that HR
/// defines. Its items are the items of any of its members; its people are those active on those items (ADR 1711).
/// </summary>
public sealed class Community
{
    public int Id { get; set; }

    /// <summary>Unique, compared case-insensitively by the code that creates and renames communities.</summary>
    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public List<CommunityMember> Members { get; set; } = [];
}

/// <summary>
/// One channel, space, repository path or tag of a source: an item belongs to the community when one of the values
/// of its <c>Topics</c> (or its parent's, for answers and replies that carry none) equals <see cref="Value"/>
/// ignoring case.
/// </summary>
public sealed class CommunityMember
{
    public int Id { get; set; }
    public int CommunityId { get; set; }
    public Community? Community { get; set; }
    public int SourceSystemId { get; set; }
    public SourceSystem? SourceSystem { get; set; }

    /// <summary>The channel, space or tag as HR typed or picked it.</summary>
    public required string Value { get; set; }

    /// <summary>
    /// <see cref="Value"/> as a topic key (<see cref="Knowledge.TopicNames.Normalise"/>, ADR 1701): the unique key, so
    /// "Kubernetes", "kubernetes" and "Feature-Stores"/"feature store" are one member each. A value with nothing left to
    /// normalise (only separators) keeps its lower-cased text.
    /// </summary>
    public required string MatchKey { get; set; }

    public static string KeyOf(string value) => Knowledge.TopicNames.Normalise(value) ?? value.Trim().ToLowerInvariant();
}

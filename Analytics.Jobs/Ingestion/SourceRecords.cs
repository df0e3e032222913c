using Analytics.Domain.Knowledge;

namespace Analytics.Jobs.Ingestion;

/// <summary>
/// Where a record came from, so that a rejection can be found again: "export.csv:42", "Posts.xml row Id=17".
/// </summary>
public readonly record struct RecordLocation(string Source, long Line)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}" : Source;
}

/// <summary>
/// One record read from a source system. <see cref="CursorAfter"/> is the connector's watermark once this
/// record has been stored; the runner saves the last one of a batch in the batch's own transaction.
/// </summary>
public abstract record SourceRecord(RecordLocation Location, string? CursorAfter);

/// <summary>A source account as the source names it: a user id, an e-mail, a member id.</summary>
public sealed record AccountRef(string ExternalId, string? DisplayName = null, string? Email = null, string? Username = null, bool IsBot = false);

/// <summary>
/// A knowledge item as the source names it. Items are created the first time they are seen.
/// <paramref name="StoredItemId"/> names an item already stored, possibly by another source (a chat message
/// linking to a wiki page): such a reference is used as it is and never creates anything.
/// </summary>
public sealed record ItemRef(
    string ExternalId,
    string Kind,
    string? Title = null,
    string? Url = null,
    AccountRef? Author = null,
    DateTimeOffset? CreatedAt = null,
    string? Topics = null,
    string? ParentExternalId = null,
    long? StoredItemId = null);

/// <summary>An account met outside any activity (e.g. a users file), so identity resolution knows it early.</summary>
public sealed record AccountRecord(RecordLocation Location, string? CursorAfter, AccountRef Account)
    : SourceRecord(Location, CursorAfter);

/// <summary>An item met outside any activity.</summary>
public sealed record ItemRecord(RecordLocation Location, string? CursorAfter, ItemRef Item)
    : SourceRecord(Location, CursorAfter);

/// <summary>
/// One thing that happened. <paramref name="SourceEventId"/> is unique within the source and makes
/// re-imports idempotent; <paramref name="OccurredAtUtc"/> must be UTC.
/// </summary>
public sealed record ActivityRecord(
    RecordLocation Location,
    string? CursorAfter,
    string SourceEventId,
    ActivityType Type,
    DateTime OccurredAtUtc,
    AccountRef? Actor,
    ItemRef? Item,
    double Quantity = 1) : SourceRecord(Location, CursorAfter);

/// <summary>A record the connector could not turn into anything: stored as a rejection, the run goes on.</summary>
public sealed record RejectedRecord(RecordLocation Location, string? CursorAfter, string Reason, string? Excerpt)
    : SourceRecord(Location, CursorAfter);

/// <summary>
/// Records the source holds that the connector read and deliberately does not import (a redirect page, a Slack join
/// message, a merge commit): nothing is stored but the count by <paramref name="Reason"/> on the run, so an import summary
/// says why an export's rows became fewer activities. <paramref name="Reason"/> is a fixed wording per kind of skip
/// (no ids or names in it: counts are grouped by it); <paramref name="Count"/> lets a connector report records it never
/// sees one by one (git's merge commits).
/// </summary>
public sealed record SkippedRecord(RecordLocation Location, string? CursorAfter, string Reason, long Count = 1)
    : SourceRecord(Location, CursorAfter);

/// <summary>
/// The source says an event it reported before did not happen (an xAPI voided statement): the activity stored under
/// <paramref name="SourceEventId"/>, if any, is removed and its day recomputed. Counted as read, not as a rejection.
/// </summary>
public sealed record RetractionRecord(RecordLocation Location, string? CursorAfter, string SourceEventId)
    : SourceRecord(Location, CursorAfter);

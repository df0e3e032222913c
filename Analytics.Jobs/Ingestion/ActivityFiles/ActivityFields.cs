namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// The generic activity schema (docs/ingestion.md), the same for CSV headers and JSON-lines property names.
/// Every value arrives as text; <see cref="ActivityRowParser"/> validates it.
/// </summary>
public sealed record ActivityFields
{
    public const string EventId = "event_id";
    public const string OccurredAt = "occurred_at";
    public const string Actor = "actor";
    public const string ActorName = "actor_name";
    public const string Type = "type";
    public const string ItemId = "item_id";
    public const string ItemTitle = "item_title";
    public const string ItemUrl = "item_url";
    public const string ItemKind = "item_kind";
    public const string ItemAuthor = "item_author";
    public const string ItemAuthorName = "item_author_name";
    public const string Quantity = "quantity";

    public static IReadOnlyList<string> All { get; } =
        [EventId, OccurredAt, Actor, ActorName, Type, ItemId, ItemTitle, ItemUrl, ItemKind, ItemAuthor, ItemAuthorName, Quantity];

    public static IReadOnlyList<string> Required { get; } = [EventId, OccurredAt, Type];

    /// <summary>Builds the fields from a lookup by position in <see cref="All"/>, the same for CSV columns and JSON properties.</summary>
    public static ActivityFields From<TSource>(TSource source, Func<TSource, int, string?> valueAt) => new()
    {
        EventIdValue = valueAt(source, 0),
        OccurredAtValue = valueAt(source, 1),
        ActorValue = valueAt(source, 2),
        ActorNameValue = valueAt(source, 3),
        TypeValue = valueAt(source, 4),
        ItemIdValue = valueAt(source, 5),
        ItemTitleValue = valueAt(source, 6),
        ItemUrlValue = valueAt(source, 7),
        ItemKindValue = valueAt(source, 8),
        ItemAuthorValue = valueAt(source, 9),
        ItemAuthorNameValue = valueAt(source, 10),
        QuantityValue = valueAt(source, 11),
    };

    public string? EventIdValue { get; init; }
    public string? OccurredAtValue { get; init; }
    public string? ActorValue { get; init; }
    public string? ActorNameValue { get; init; }
    public string? TypeValue { get; init; }
    public string? ItemIdValue { get; init; }
    public string? ItemTitleValue { get; init; }
    public string? ItemUrlValue { get; init; }
    public string? ItemKindValue { get; init; }
    public string? ItemAuthorValue { get; init; }
    public string? ItemAuthorNameValue { get; init; }
    public string? QuantityValue { get; init; }
}

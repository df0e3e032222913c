using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Ingestion.Runner;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// Validates one row of the generic activity schema and turns it into an <see cref="ActivityRecord"/>,
/// or into a <see cref="RejectedRecord"/> that says which field is wrong and why.
/// </summary>
public static class ActivityRowParser
{
    public const string DefaultItemKind = "item";

    // ISO 8601 with an explicit offset or Z. A time without offset is rejected rather than guessed.
    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd' 'HH:mmzzz",
    ];

    private static readonly string[] UtcFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd' 'HH:mm'Z'",
    ];

    public static SourceRecord Parse(ActivityFields row, RecordLocation location, string? cursorAfter, string? excerpt) =>
        (SourceRecord?)TryParse(row, location, cursorAfter, out var reason) ?? new RejectedRecord(location, cursorAfter, reason!, excerpt);

    /// <summary>The activity, or null and the reason; the caller builds the excerpt only for a rejection.</summary>
    public static ActivityRecord? TryParse(ActivityFields row, RecordLocation location, string? cursorAfter, out string? rejection)
    {
        var outcome = Validate(row, location, cursorAfter);
        rejection = outcome.Reason;
        return outcome.Record;
    }

    private readonly record struct Outcome(ActivityRecord? Record, string? Reason);

    private static Outcome Validate(ActivityFields row, RecordLocation location, string? cursorAfter)
    {
        static Outcome Reject(string reason) => new(null, reason);

        var eventId = Clean(row.EventIdValue);
        if (eventId is null)
            return Reject($"missing required field '{ActivityFields.EventId}'");
        if (eventId.Length > 400)
            return Reject($"'{ActivityFields.EventId}' is longer than 400 characters");

        var occurredText = Clean(row.OccurredAtValue);
        if (occurredText is null)
            return Reject($"missing required field '{ActivityFields.OccurredAt}'");
        if (!TryParseInstant(occurredText, out var occurredAt))
            return Reject($"'{ActivityFields.OccurredAt}' is not an ISO 8601 date-time with offset: '{occurredText}'");

        var typeText = Clean(row.TypeValue);
        if (typeText is null)
            return Reject($"missing required field '{ActivityFields.Type}'");
        if (!ActivityTypes.TryParse(typeText, out var type))
            return Reject($"unknown activity type '{typeText}' (expected one of {string.Join(", ", ActivityTypes.All.Select(t => t.Code()))})");

        var actor = Account(row.ActorValue, row.ActorNameValue);
        if (actor is null && !type.IsReuse())
            return Reject($"missing required field '{ActivityFields.Actor}' (only reuse may be anonymous)");
        if (actor?.ExternalId.Length > 256)
            return Reject($"'{ActivityFields.Actor}' is longer than 256 characters");

        var itemId = Clean(row.ItemIdValue);
        if (itemId is null && type.IsReuse())
            return Reject($"missing field '{ActivityFields.ItemId}': {type.Code()} is reuse and is credited to the item's author");
        if (itemId?.Length > 400)
            return Reject($"'{ActivityFields.ItemId}' is longer than 400 characters");

        var kind = Clean(row.ItemKindValue) ?? DefaultItemKind;
        if (kind.Length > 40)
            return Reject($"'{ActivityFields.ItemKind}' is longer than 40 characters");

        var author = Account(row.ItemAuthorValue, row.ItemAuthorNameValue);
        if (author?.ExternalId.Length > 256)
            return Reject($"'{ActivityFields.ItemAuthor}' is longer than 256 characters");

        var quantity = 1d;
        var quantityText = Clean(row.QuantityValue);
        if (quantityText is not null
            && (!double.TryParse(quantityText, NumberStyles.Float, CultureInfo.InvariantCulture, out quantity) || !double.IsFinite(quantity) || quantity <= 0))
            return Reject($"'{ActivityFields.Quantity}' must be a positive number: '{quantityText}'");
        if (quantity > ActivityBounds.MaxQuantity)
            return Reject(string.Create(CultureInfo.InvariantCulture, $"'{ActivityFields.Quantity}' is beyond the limit of {ActivityBounds.MaxQuantity:N0}: '{quantityText}'"));

        var item = itemId is null
            ? null
            : new ItemRef(itemId, kind, Clean(row.ItemTitleValue), Clean(row.ItemUrlValue), author);
        return new Outcome(new ActivityRecord(location, cursorAfter, eventId, type, occurredAt.UtcDateTime, actor, item, quantity), null);
    }

    public static bool TryParseInstant(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateTimeOffset.TryParseExact(text, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>An e-mail is the account key (lower-case); anything else is a username in the source.</summary>
    private static AccountRef? Account(string? key, string? name)
    {
        var cleaned = Clean(key);
        if (cleaned is null)
            return null;
        var email = EmailAddress.Normalise(cleaned);
        return email is not null
            ? new AccountRef(email, Clean(name), email)
            : new AccountRef(cleaned, Clean(name), Username: cleaned);
    }

    private static string? Clean(string? value)
    {
        if (value is null)
            return null;
        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }
}

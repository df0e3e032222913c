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
        TryParseCommonInstant(text, out value) || TryParseIsoFormats(text, out value);

    /// <summary>Every accepted form through the framework's parser: the reference the fast path must agree with.</summary>
    public static bool TryParseIsoFormats(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateTimeOffset.TryParseExact(text, UtcFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>
    /// The form nearly every export writes, "yyyy-MM-ddTHH:mm:ss" then "Z" or "+hh:mm", read digit by digit:
    /// TryParseExact over eight formats cost more than the rest of a row's validation. Anything else, and
    /// any value out of range, is left to the formats above, which decide.
    /// </summary>
    private static bool TryParseCommonInstant(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if ((text.Length != 20 && text.Length != 25) || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ')
            || text[13] != ':' || text[16] != ':')
            return false;
        if (!TwoDigits(text, 0, out var century) || !TwoDigits(text, 2, out var yearOfCentury) || !TwoDigits(text, 5, out var month)
            || !TwoDigits(text, 8, out var day) || !TwoDigits(text, 11, out var hour) || !TwoDigits(text, 14, out var minute)
            || !TwoDigits(text, 17, out var second))
            return false;

        var offset = TimeSpan.Zero;
        if (text.Length == 20)
        {
            if (text[19] != 'Z')
                return false;
        }
        else
        {
            var sign = text[19] switch { '+' => 1, '-' => -1, _ => 0 };
            if (sign == 0 || text[22] != ':' || !TwoDigits(text, 20, out var offsetHours) || !TwoDigits(text, 23, out var offsetMinutes)
                || offsetHours > 13 || offsetMinutes > 59)
                return false;
            offset = sign * new TimeSpan(offsetHours, offsetMinutes, 0);
        }

        var year = century * 100 + yearOfCentury;
        if (year < 2 || year > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTimeOffset(year, month, day, hour, minute, second, offset);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, out int value)
    {
        var tens = text[at] - '0';
        var ones = text[at + 1] - '0';
        value = tens * 10 + ones;
        return (uint)tens <= 9 && (uint)ones <= 9;
    }

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

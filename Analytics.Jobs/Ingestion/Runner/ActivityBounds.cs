using System.Globalization;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// The last check every activity passes before it is stored, whatever connector read it: a date outside the era of
/// any knowledge-sharing system (a year 0001 or 9999, a Unix time in milliseconds read as seconds) or a quantity that
/// is not a plausible count would corrupt every aggregate it lands in, so the record becomes a rejection instead.
/// </summary>
public static class ActivityBounds
{
    public static readonly DateTime Earliest = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Views since the last export of a very popular page stay far below this; 1e308 does not.</summary>
    public const double MaxQuantity = 1_000_000_000;

    /// <summary>The record itself, or a rejection at its location (keeping its cursor) saying what is out of bounds.</summary>
    public static SourceRecord Screen(SourceRecord record)
    {
        if (record is not ActivityRecord activity)
            return record;
        var reason = activity.OccurredAtUtc < Earliest || activity.OccurredAtUtc >= Latest
            ? string.Create(CultureInfo.InvariantCulture,
                $"implausible date {activity.OccurredAtUtc:yyyy-MM-dd'T'HH:mm:ss'Z'} of event '{activity.SourceEventId}' (accepted: {Earliest:yyyy-MM-dd} to {Latest.AddDays(-1):yyyy-MM-dd})")
            : !double.IsFinite(activity.Quantity) || activity.Quantity <= 0 || activity.Quantity > MaxQuantity
                ? string.Create(CultureInfo.InvariantCulture,
                    $"implausible quantity {activity.Quantity} of event '{activity.SourceEventId}' (accepted: more than 0, at most {MaxQuantity:N0})")
                : null;
        return reason is null ? record : new RejectedRecord(activity.Location, activity.CursorAfter, reason, activity.SourceEventId);
    }
}

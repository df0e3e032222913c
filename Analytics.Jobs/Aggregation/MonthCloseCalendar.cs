using Analytics.Jobs.Metrics;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Which month the month close closes, and from when it may (ADR 1506). The organisation's calendar is Jobs:TimeZone:
/// the recurring close runs on the 1st at <see cref="MetricsSchedule.MonthCloseTime"/> there and closes the month that
/// has just ended there. The aggregated days are UTC days (ADR 0201), so east of UTC a month's last day is still
/// running when the organisation's month has ended: the close waits until the same
/// <see cref="MetricsSchedule.MonthCloseTime"/> after the month's last UTC day.
/// </summary>
public static class MonthCloseCalendar
{
    /// <summary>The month that ended most recently in <paramref name="zone"/>: the one before the local date's.</summary>
    public static DateOnly LastEndedMonth(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return new DateOnly(local.Year, local.Month, 1).AddMonths(-1);
    }

    /// <summary>
    /// The month the latest due occurrence of the recurring close (the 1st at <see cref="MetricsSchedule.MonthCloseTime"/>
    /// local) closes: before that time on the 1st, the month before the one that just ended.
    /// </summary>
    public static DateOnly LatestDueMonth(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var ended = LastEndedMonth(now, zone);
        return local >= ended.AddMonths(1).ToDateTime(MetricsSchedule.MonthCloseTime) ? ended : ended.AddMonths(-1);
    }

    /// <summary>
    /// The earliest moment the close of <paramref name="month"/> runs: <see cref="MetricsSchedule.MonthCloseTime"/> UTC
    /// on the 1st after it, the margin the schedule gives the night's imports after the month's last (UTC) day.
    /// </summary>
    public static DateTimeOffset DaysCompleteAt(DateOnly month) =>
        new(month.AddMonths(1).ToDateTime(MetricsSchedule.MonthCloseTime), TimeSpan.Zero);
}

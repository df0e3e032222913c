using System.Globalization;

namespace Analytics.Web.Sources;

/// <summary>
/// The common cron shapes in words ("daily at 02:30"); anything else is shown as the expression itself.
/// A hand-written subset, because no describer package is on our registry list and admins mostly use these.
/// </summary>
public static class CronText
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string? Describe(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
            return null;
        var f = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5)
            return null;
        var (minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4]);
        if (month != "*")
            return null;

        if (hour == "*" && day == "*" && weekday == "*")
        {
            if (minute == "*")
                return "every minute";
            if (minute.StartsWith("*/", StringComparison.Ordinal) && Number(minute[2..], 1, 59) is { } every)
                return $"every {every} minutes";
            if (Number(minute, 0, 59) is { } m)
                return $"hourly at :{m:00}";
            return null;
        }

        if (Number(minute, 0, 59) is not { } mm || Number(hour, 0, 23) is not { } hh)
            return null;
        var at = string.Create(CultureInfo.InvariantCulture, $"{hh:00}:{mm:00}");
        if (day == "*" && weekday == "*")
            return $"daily at {at}";
        if (day == "*" && Number(weekday, 0, 7) is { } w)
            return $"every {Days[w % 7]} at {at}";
        if (weekday == "*" && Number(day, 1, 31) is { } d)
            return string.Create(CultureInfo.InvariantCulture, $"monthly on day {d} at {at}");
        return null;
    }

    private static int? Number(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}

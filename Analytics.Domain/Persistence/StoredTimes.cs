namespace Analytics.Domain.Persistence;

/// <summary>
/// Times as EF's SQLite provider writes them: <c>yyyy-MM-dd HH:mm:ss</c>, then a point and one to seven digits of the
/// second when it has a fraction (the format <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>); days as <c>yyyy-MM-dd</c>.
/// </summary>
public static class StoredTimes
{
    /// <summary>The day in <paramref name="utf8"/> when it is exactly <c>yyyy-MM-dd</c> and a valid date; false otherwise.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> utf8, out DateOnly day)
    {
        day = default;
        if (utf8.Length != 10 || utf8[4] != '-' || utf8[7] != '-'
            || !Digits(utf8[..4], out var year) || !Digits(utf8.Slice(5, 2), out var month) || !Digits(utf8.Slice(8, 2), out var dayOfMonth)
            || year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        day = new DateOnly(year, month, dayOfMonth);
        return true;
    }

    /// <summary>
    /// The time in <paramref name="utf8"/> when it has exactly that shape and is a valid date and time, of kind Unspecified;
    /// false for anything else (the caller then parses it the general way).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTime time)
    {
        time = default;
        if (utf8.Length < 19 || utf8.Length == 20 || utf8.Length > 27
            || utf8[4] != '-' || utf8[7] != '-' || utf8[10] != ' ' || utf8[13] != ':' || utf8[16] != ':')
        {
            return false;
        }

        if (!Digits(utf8[..4], out var year) || !Digits(utf8.Slice(5, 2), out var month) || !Digits(utf8.Slice(8, 2), out var day)
            || !Digits(utf8.Slice(11, 2), out var hour) || !Digits(utf8.Slice(14, 2), out var minute) || !Digits(utf8.Slice(17, 2), out var second))
        {
            return false;
        }

        var ticks = 0L;
        if (utf8.Length > 19)
        {
            if (utf8[19] != '.' || !Digits(utf8[20..], out var fraction))
                return false;
            ticks = fraction;
            for (var i = utf8.Length - 20; i < 7; i++)
                ticks *= 10;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
            value = (value * 10) + (b - '0');
        }

        return true;
    }
}

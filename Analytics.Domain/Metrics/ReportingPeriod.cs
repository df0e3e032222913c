using System.Globalization;
using System.Text.RegularExpressions;

namespace Analytics.Domain.Metrics;

/// <summary>An inclusive range of UTC days: a month ("2026-10"), quarter ("2026-Q4"), year ("2026") or custom ("2026-10-01..2026-10-15").</summary>
/// <remarks>
/// Text from users is parsed here and only here, and only inside <see cref="Earliest"/>..<see cref="Latest"/>:
/// the bound keeps every later step (previous period, month arithmetic, spreadsheet dates) far from
/// DateOnly's own limits, so a period like 0000-01 or 9999-12 is a clear rejection instead of an overflow.
/// </remarks>
public sealed partial record ReportingPeriod(DateOnly From, DateOnly To, string Label)
{
    /// <summary>The first day a period may start on (one product-wide bound, see docs/reliability.md).</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The last day a period may end on.</summary>
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public static string Rules { get; } =
        "use a month (2026-10), a quarter (2026-Q4), a year (2026) or a range (2026-10-01..2026-10-15) with ASCII digits, between 2000-01-01 and 2099-12-31";

    public static ReportingPeriod Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new ReportingPeriod(from, from.AddMonths(1).AddDays(-1), from.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    public static ReportingPeriod Parse(string text)
    {
        if (TryParse(text, out var period))
            return period;
        throw new FormatException($"'{text}' is not a period: {Rules}.");
    }

    public static ReportingPeriod Quarter(int year, int quarter)
    {
        var from = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        return new ReportingPeriod(from, from.AddMonths(3).AddDays(-1), string.Create(CultureInfo.InvariantCulture, $"{year}-Q{quarter}"));
    }

    public static ReportingPeriod Year(int year) =>
        new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), year.ToString("D4", CultureInfo.InvariantCulture));

    public static ReportingPeriod Range(DateOnly from, DateOnly to) =>
        new(from, to, string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}"));

    /// <summary>Whether a day typed by a user lies inside the one supported range.</summary>
    public static bool IsSupported(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>A single day "yyyy-MM-dd" in ASCII digits inside the supported range.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
        && IsAscii(text!) && IsSupported(day);

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        if (TryParseText(text, out period) && IsSupported(period.From) && IsSupported(period.To))
            return true;
        period = null!;
        return false;
    }

    private static bool IsAscii(string text) => text.All(char.IsAscii);

    private static bool TryParseText(string? text, out ReportingPeriod period)
    {
        period = null!;
        text = text?.Trim() ?? "";
        // \d in .NET matches every Unicode digit (full-width too) but int.Parse takes ASCII only.
        if (text.Length > 32 || !IsAscii(text))
            return false;
        var inv = CultureInfo.InvariantCulture;
        Match m;
        if ((m = MonthPattern().Match(text)).Success)
        {
            var month = int.Parse(m.Groups[2].Value, inv);
            if (month is < 1 or > 12 || int.Parse(m.Groups[1].Value, inv) is < 2000 or > 2099)
                return false;
            period = Month(int.Parse(m.Groups[1].Value, inv), month);
            return true;
        }

        if ((m = QuarterPattern().Match(text)).Success)
        {
            var year = int.Parse(m.Groups[1].Value, inv);
            if (year is < 2000 or > 2099)
                return false;
            period = Quarter(year, int.Parse(m.Groups[2].Value, inv));
            return true;
        }

        if ((m = YearPattern().Match(text)).Success)
        {
            var year = int.Parse(m.Groups[1].Value, inv);
            if (year is < 2000 or > 2099)
                return false;
            period = Year(year);
            return true;
        }

        if ((m = RangePattern().Match(text)).Success
            && DateOnly.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var start)
            && DateOnly.TryParseExact(m.Groups[2].Value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var end)
            && end >= start)
        {
            period = new ReportingPeriod(start, end, text);
            return true;
        }

        return false;
    }

    /// <summary>The calendar months lying wholly inside the period.</summary>
    public IEnumerable<DateOnly> WholeMonths()
    {
        var month = From.Day == 1 ? From : new DateOnly(From.Year, From.Month, 1).AddMonths(1);
        for (; month.AddMonths(1).AddDays(-1) <= To; month = month.AddMonths(1))
            yield return month;
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^([0-9]{4})-[Qq]([1-4])$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^([0-9]{4})$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})$")]
    private static partial Regex RangePattern();
}

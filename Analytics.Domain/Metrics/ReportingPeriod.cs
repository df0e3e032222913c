using System.Globalization;
using System.Text.RegularExpressions;

namespace Analytics.Domain.Metrics;

/// <summary>An inclusive range of UTC days: a month ("2026-10"), quarter ("2026-Q4"), year ("2026") or custom ("2026-10-01..2026-10-15").</summary>
public sealed partial record ReportingPeriod(DateOnly From, DateOnly To, string Label)
{
    public static ReportingPeriod Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new ReportingPeriod(from, from.AddMonths(1).AddDays(-1), from.ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    public static ReportingPeriod Parse(string text)
    {
        if (TryParse(text, out var period))
            return period;
        throw new FormatException($"'{text}' is not a period: use 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15.");
    }

    public static bool TryParse(string? text, out ReportingPeriod period)
    {
        period = null!;
        text = text?.Trim() ?? "";
        var inv = CultureInfo.InvariantCulture;
        Match m;
        if ((m = MonthPattern().Match(text)).Success)
        {
            var month = int.Parse(m.Groups[2].Value, inv);
            if (month is < 1 or > 12)
                return false;
            period = Month(int.Parse(m.Groups[1].Value, inv), month);
            return true;
        }

        if ((m = QuarterPattern().Match(text)).Success)
        {
            var year = int.Parse(m.Groups[1].Value, inv);
            var quarter = int.Parse(m.Groups[2].Value, inv);
            var from = new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
            period = new ReportingPeriod(from, from.AddMonths(3).AddDays(-1), $"{year}-Q{quarter}");
            return true;
        }

        if ((m = YearPattern().Match(text)).Success)
        {
            var year = int.Parse(m.Groups[1].Value, inv);
            period = new ReportingPeriod(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), text);
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

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})-[Qq]([1-4])$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^(\d{4})$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")]
    private static partial Regex RangePattern();
}

using Analytics.Domain.Metrics;
using Analytics.Jobs.Metrics;
using ScottPlot;

namespace Analytics.Jobs.Charts;

/// <summary>The scorecard's pictures, drawn once here for the page and the monthly report alike.</summary>
public static class PracticeCharts
{
    public const int Width = 800;
    public const int Height = 400;
    public const int ComparisonWidth = 1000;
    public const int ComparisonHeight = 520;

    /// <summary>The practice's headline indicator over the scorecard's 12 months (a share, drawn in %).</summary>
    public static byte[] TrendPng(Practice practice, PracticesScorecard scorecard) => MonthlyBarChart.RenderPng(TrendChart(practice, scorecard), Width, Height);

    /// <summary>
    /// The chart <see cref="TrendPng"/> draws. A month the data does not cover from its first day has no bar and reads n/a,
    /// as the table beside it does, never 0 % (the months before the data were drawn as 0 % bars).
    /// </summary>
    public static MonthlyChart TrendChart(Practice practice, PracticesScorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(scorecard);
        var headline = practice.Headline;
        // The scorecard holds one month of the year before, the selected month's: the reference is that one point.
        var yearBefore = scorecard.Trend.Select(m => m.Month == scorecard.Month.From && scorecard.YearBefore?.GetValueOrDefault(headline.Code) is { } v
            ? BarValue(headline, v) : (double?)null).ToList();
        // Covered months follow the uncovered ones (covered: the data begins on or before the month's first day).
        var firstCovered = scorecard.Trend.FirstOrDefault(m => m.Covered)?.Month
            ?? (scorecard.Trend.Count > 0 ? scorecard.Trend[^1].Month.AddMonths(1) : (DateOnly?)null);
        return new MonthlyChart($"{practice.Name}: {headline.Name.ToLowerInvariant()}", Axis(headline),
            [.. scorecard.Trend.Select(m => (m.Month, BarValue(headline, m.Values.GetValueOrDefault(headline.Code))))])
        {
            SelectedFrom = scorecard.Month.From,
            SelectedTo = scorecard.Month.To,
            YearBefore = yearBefore,
            DataBegins = firstCovered,
            Label = v => headline.IsShare ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : v.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A bar of <see cref="DepartmentComparisonPng"/>; <see cref="Value"/> is null where the indicator is undefined for the department (no bar, n/a).</summary>
    public sealed record ComparisonBar(string Department, Practice Practice, int Position, double? Value)
    {
        public string Label => Value is { } v ? v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a";
    }

    /// <summary>The bars of <see cref="DepartmentComparisonPng"/>: per shown department, each practice's headline indicator in %, then a gap.</summary>
    public static IReadOnlyList<ComparisonBar> DepartmentComparison(PracticesScorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var practices = PracticeCatalog.All;
        return [.. scorecard.Departments.Where(d => d.Shown).SelectMany((department, i) => practices.Select((practice, j) =>
            new ComparisonBar(department.Code, practice, (i * (practices.Count + 1)) + j,
                department.Values.GetValueOrDefault(practice.Headline.Code) is { } v ? BarValue(practice.Headline, v) : null)))];
    }

    /// <summary>
    /// Each shown department's headline indicator of every practice, side by side (all shares, in %). An indicator
    /// undefined for a department (no reuse to share, no contributions to reuse) has no bar and reads n/a, never a bar of 0.
    /// </summary>
    public static byte[] DepartmentComparisonPng(PracticesScorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var practices = PracticeCatalog.All;
        var comparison = DepartmentComparison(scorecard);
        var colours = practices.Select((p, j) => (p, ChartPalette.Series[j % ChartPalette.Series.Count])).ToDictionary(x => x.p, x => x.Item2);
        plot.Add.Bars(comparison.Where(b => b.Value is not null)
            .Select(b => new Bar { Position = b.Position, Value = b.Value!.Value, FillColor = colours[b.Practice] }).ToList());
        foreach (var missing in comparison.Where(b => b.Value is null))
        {
            var text = plot.Add.Text(missing.Label, missing.Position, 0);
            text.LabelAlignment = Alignment.LowerCenter;
            text.LabelFontSize = 12;
            text.LabelFontColor = Colors.DimGray;
        }

        var ticks = comparison.GroupBy(b => b.Department)
            .Select(g => new Tick(g.Min(b => b.Position) + ((practices.Count - 1) / 2.0), g.Key)).ToArray();
        for (var j = 0; j < practices.Count; j++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{practices[j].Name}: {practices[j].Headline.Name.ToLowerInvariant()}", FillColor = colours[practices[j]] });
        plot.ShowLegend(Edge.Bottom); // outside the bars: inside, it hid the tallest ones
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Departments, {scorecard.Month.Label}: each practice's headline indicator");
        plot.YLabel("% (see Definitions)");
        return plot.GetImageBytes(ComparisonWidth, ComparisonHeight, ImageFormat.Png);
    }

    public static string Axis(PracticeIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.IsShare ? "%" : indicator.Name;
    }

    private static double BarValue(PracticeIndicator indicator, double? value) => value is { } v ? (indicator.IsShare ? v * 100 : v) : 0;
}

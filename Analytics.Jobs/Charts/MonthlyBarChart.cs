using System.Globalization;
using ScottPlot;

namespace Analytics.Jobs.Charts;

/// <summary>
/// One value per month as bars, the shape of every "trend by month" chart in the product. <see cref="SelectedFrom"/> to
/// <see cref="SelectedTo"/> is the period the page is about: its months are drawn in <see cref="ChartPalette.Selected"/>.
/// <see cref="YearBefore"/>, aligned with <see cref="Points"/>, is the same month a year before, null where the data has
/// none (drawn as a broken dashed line, never as 0). <see cref="Unit"/> names the vertical axis.
/// </summary>
public sealed record MonthlyChart(string Title, string Unit, IReadOnlyList<(DateOnly Month, double Value)> Points)
{
    public DateOnly? SelectedFrom { get; init; }
    public DateOnly? SelectedTo { get; init; }
    public IReadOnlyList<double?>? YearBefore { get; init; }

    /// <summary>The first day with aggregated data: a month that ends before it has no figure (n/a, no bar), not a zero.</summary>
    public DateOnly? DataBegins { get; init; }

    public bool IsBeforeData(DateOnly month) => DataBegins is { } begins && month.AddMonths(1) <= begins;

    /// <summary>How a bar's value label reads (bars are labelled when there are at most <see cref="MonthlyBarChart.LabelledBars"/>).</summary>
    public Func<double, string> Label { get; init; } = v => v.ToString("#,0.#", CultureInfo.InvariantCulture);

    public bool IsSelected(DateOnly month) =>
        SelectedFrom is { } from && SelectedTo is { } to && month <= to && month.AddMonths(1) > from;
}

public static class MonthlyBarChart
{
    /// <summary>Up to this many bars carry their value; more would overlap at 800 px.</summary>
    public const int LabelledBars = 12;

    public static byte[] RenderPng(string title, string valueLabel, IReadOnlyList<(DateOnly Month, double Value)> points, int width = 800, int height = 400) =>
        RenderPng(new MonthlyChart(title, valueLabel, points), width, height);

    public static byte[] RenderPng(MonthlyChart chart, int width = 800, int height = 400)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var points = chart.Points;
        var labelled = points.Count <= LabelledBars;
        var labels = Labels(chart);
        var bars = points.Select((p, i) => new Bar
        {
            Position = i,
            Value = chart.IsBeforeData(p.Month) ? 0 : p.Value,
            FillColor = chart.IsSelected(p.Month) ? ChartPalette.Selected : ChartPalette.Bar,
            LineWidth = 0,
            Label = labels[i],
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;

        var legend = new List<LegendItem>();
        if (points.Any(p => chart.IsSelected(p.Month)))
        {
            legend.Add(new LegendItem { LabelText = "Selected period", FillColor = ChartPalette.Selected });
            legend.Add(new LegendItem { LabelText = "Other months", FillColor = ChartPalette.Bar });
        }

        if (chart.YearBefore is { } reference && AddReference(plot, reference))
            legend.Add(new LegendItem { LabelText = "Same month a year before", LineColor = ChartPalette.Reference, LinePattern = LinePattern.Dashed, LineWidth = 2, MarkerShape = MarkerShape.FilledCircle, MarkerColor = ChartPalette.Reference });

        var ticks = points.Select((p, i) => new Tick(i, p.Month.ToString("MMM yy", CultureInfo.InvariantCulture))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        // Room above the tallest bar for its label.
        plot.Axes.Margins(bottom: 0, top: labelled ? 0.15 : 0.05);
        if (legend.Count > 0)
        {
            plot.Legend.ManualItems.AddRange(legend);
            plot.ShowLegend(Edge.Bottom);
        }

        plot.Title(chart.Title);
        plot.YLabel(chart.Unit);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Each bar's value label: the chart's format when there are at most <see cref="LabelledBars"/> bars, none otherwise.</summary>
    public static IReadOnlyList<string> Labels(MonthlyChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return [.. chart.Points.Select(p => chart.Points.Count > LabelledBars ? string.Empty : chart.IsBeforeData(p.Month) ? "n/a" : chart.Label(p.Value))];
    }

    // One dashed line per run of months that have a value: a gap in the data stays a gap.
    private static bool AddReference(Plot plot, IReadOnlyList<double?> reference)
    {
        var drawn = false;
        var run = new List<(double X, double Y)>();
        void Flush()
        {
            if (run.Count == 0)
                return;
            var line = plot.Add.Scatter(run.Select(r => r.X).ToArray(), run.Select(r => r.Y).ToArray());
            line.Color = ChartPalette.Reference;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
            line.MarkerSize = 6;
            drawn = true;
            run.Clear();
        }

        for (var i = 0; i < reference.Count; i++)
        {
            if (reference[i] is { } v)
                run.Add((i, v));
            else
                Flush();
        }

        Flush();
        return drawn;
    }
}

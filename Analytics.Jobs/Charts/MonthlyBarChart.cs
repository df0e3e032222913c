using System.Globalization;
using ScottPlot;

namespace Analytics.Jobs.Charts;

/// <summary>One value per month as bars: the shape of every "trend by month" chart in the product.</summary>
public static class MonthlyBarChart
{
    public static byte[] RenderPng(string title, string valueLabel, IReadOnlyList<(DateOnly Month, double Value)> points, int width = 800, int height = 400)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var bars = plot.Add.Bars(points.Select(p => p.Value).ToArray());
        bars.Color = new Color(0x2B, 0x6C, 0xB0);
        var ticks = points.Select((p, i) => new Tick(i, p.Month.ToString("MMM yy", CultureInfo.InvariantCulture))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(valueLabel);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}

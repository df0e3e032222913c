using System.Globalization;
using ScottPlot;

namespace Analytics.Jobs.Charts;

/// <summary>
/// The knowledge-flow heatmap: rows are author groups, columns reuser groups, each drawn cell labelled with its value and
/// NaN cells (reuse within a group, ADR 2102) left blank. One drawing for the Departments page and the monthly report.
/// </summary>
public static class FlowHeatmapChart
{
    public static byte[] RenderPng(string periodLabel, IReadOnlyList<string> labels, double[,] values, bool showsWithin, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var n = labels.Count;
        if (n == 0)
        {
            plot.Title($"Knowledge flow {periodLabel}: no reuse recorded");
            return plot.GetImageBytes(width, height, ImageFormat.Png);
        }

        var max = values.Cast<double>().Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.WhiteSmoke;
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(max, 1));
        plot.Add.ColorBar(heatmap).Label = "Reuse events";

        // Each drawn cell carries its value; dark text on the light (high) end of viridis, white on the dark end.
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var value = values[r, c];
                if (double.IsNaN(value))
                    continue;
                var text = plot.Add.Text(value.ToString("#,0.#", CultureInfo.InvariantCulture), c, n - 1 - r);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 12 ? 9 : 12;
                text.LabelFontColor = max > 0 && value / Math.Max(max, 1) > 0.6 ? Colors.Black : Colors.White;
            }
        }

        // The heatmap draws row 0 at the top, with cells centred on whole numbers. Names are long: the axes get
        // room for the longest one (rotated labels were clipped at the bottom edge).
        var longest = labels.Max(l => l.Length);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((g, i) => new Tick(i, g)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((g, i) => new Tick(n - 1 - i, g)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = Math.Min(260, 30 + (longest * 6));
        plot.Axes.Right.MinimumSize = 40;
        plot.Title(showsWithin
            ? $"Knowledge flow {periodLabel}: author group (row) to reuser group (column)"
            : $"Cross-team knowledge flow {periodLabel} (reuse within a department not drawn)");
        plot.XLabel("Reuser group");
        plot.YLabel("Author group");
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}

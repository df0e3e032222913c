using Analytics.Jobs.Charts;
using ScottPlot;

namespace Analytics.Web.Dashboard;

/// <summary>The knowledge-flow matrix as a heatmap: rows are author groups, columns reuser groups.</summary>
public static class FlowHeatmap
{
    public const int Width = 900;
    public const int Height = 700;

    public static byte[] RenderPng(FlowView flow)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var n = flow.Groups.Count;
        if (n == 0)
        {
            plot.Title($"Knowledge flow {flow.Period.Label}: no reuse recorded");
            return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }

        var data = new double[n, n];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
                data[r, c] = flow[flow.Groups[r], flow.Groups[c]];
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap).Label = "Reuse events";

        // The heatmap draws row 0 at the top, with cells centred on whole numbers.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            flow.Groups.Select((g, i) => new Tick(i, g)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            flow.Groups.Select((g, i) => new Tick(n - 1 - i, g)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 120;
        plot.Title($"Knowledge flow {flow.Period.Label}: author group (row) to reuser group (column)");
        plot.XLabel("Reuser group");
        plot.YLabel("Author group");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

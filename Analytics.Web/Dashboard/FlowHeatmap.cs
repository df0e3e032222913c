using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Charts;
using Microsoft.EntityFrameworkCore;
using ScottPlot;

namespace Analytics.Web.Dashboard;

/// <summary>
/// What the heatmap draws: the groups' names and one value per cell, NaN for a cell not drawn. By default the
/// cells of reuse within a group are not drawn (a group with itself, or with a group inside it: groups nest, so
/// Engineering to Platform holds Platform's own reuse): those run to hundreds and would set the colour scale,
/// leaving every cross-team cell the same dark colour, while cross-team flow is what the chart is for (ADR 2102).
/// </summary>
public sealed record FlowPicture(IReadOnlyList<string> Labels, double[,] Values, bool ShowsWithin)
{
    /// <summary>The largest value drawn (the top of the colour scale), 0 when no cell is drawn.</summary>
    public double Max => Values.Cast<double>().Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();

    public static FlowPicture Of(FlowView flow, DepartmentTree tree, bool showWithin)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(tree);
        var n = flow.Groups.Count;
        var values = new double[n, n];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
                values[r, c] = !showWithin && Nested(flow.Groups[r], flow.Groups[c], tree.Parents)
                    ? double.NaN
                    : flow[flow.Groups[r], flow.Groups[c]];
        return new FlowPicture(flow.Groups.Select(tree.NameOf).ToList(), values, showWithin);
    }

    /// <summary>True when the two groups are the same or one lies inside the other.</summary>
    public static bool Nested(string a, string b, IReadOnlyDictionary<string, string?> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        return a == b || IsUnder(a, b, parents) || IsUnder(b, a, parents);
    }

    private static bool IsUnder(string code, string ancestor, IReadOnlyDictionary<string, string?> parents)
    {
        // Bounded by the number of departments, so a corrupt cycle cannot loop forever.
        for (var (current, steps) = (parents.GetValueOrDefault(code), 0); current is not null && steps <= parents.Count; current = parents.GetValueOrDefault(current), steps++)
        {
            if (current == ancestor)
                return true;
        }
        return false;
    }
}

/// <summary>Every department's name and parent by code, read straight from the organisation.</summary>
public sealed record DepartmentTree(IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, string?> Parents)
{
    public string NameOf(string code) => Names.GetValueOrDefault(code, code);

    public static async Task<DepartmentTree> LoadAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Departments.AsNoTracking()
            .Select(d => new { d.Code, d.Name, Parent = d.Parent == null ? null : d.Parent.Code })
            .ToListAsync(ct);
        return new DepartmentTree(rows.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal),
            rows.ToDictionary(r => r.Code, r => r.Parent, StringComparer.Ordinal));
    }
}

/// <summary>The knowledge-flow matrix as a heatmap: rows are author groups, columns reuser groups, each cell labelled with its value.</summary>
public static class FlowHeatmap
{
    public const int Width = 900;
    public const int Height = 700;

    /// <summary>Reads the <c>diagonal</c> filter: <c>hide</c> (default) or <c>show</c> the reuse within a group.</summary>
    public static bool TryDiagonal(string? text, out bool show, out string? error)
    {
        error = null;
        show = false;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "hide": return true;
            case "show": show = true; return true;
            default:
                error = $"'{text}' is not a diagonal choice: use hide or show.";
                return false;
        }
    }

    public static byte[] RenderPng(FlowView flow, FlowPicture picture)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(picture);
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var n = picture.Labels.Count;
        if (n == 0)
        {
            plot.Title($"Knowledge flow {flow.Period.Label}: no reuse recorded");
            return plot.GetImageBytes(Width, Height, ImageFormat.Png);
        }

        var max = picture.Max;
        var heatmap = plot.Add.Heatmap(picture.Values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.WhiteSmoke;
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(max, 1));
        plot.Add.ColorBar(heatmap).Label = "Reuse events";

        // Each drawn cell carries its value; dark text on the light (high) end of viridis, white on the dark end.
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var value = picture.Values[r, c];
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
        var longest = picture.Labels.Max(l => l.Length);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            picture.Labels.Select((g, i) => new Tick(i, g)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            picture.Labels.Select((g, i) => new Tick(n - 1 - i, g)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = Math.Min(260, 30 + (longest * 6));
        plot.Axes.Right.MinimumSize = 40;
        plot.Title(picture.ShowsWithin
            ? $"Knowledge flow {flow.Period.Label}: author group (row) to reuser group (column)"
            : $"Cross-team knowledge flow {flow.Period.Label} (reuse within a department not drawn)");
        plot.XLabel("Reuser group");
        plot.YLabel("Author group");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}

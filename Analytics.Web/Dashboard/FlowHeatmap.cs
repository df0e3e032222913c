using Analytics.Domain.Persistence;
using Analytics.Jobs.Charts;
using Microsoft.EntityFrameworkCore;

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
        // Drawn in Analytics.Jobs, so the monthly report's heatmap is this picture (issue 18).
        return FlowHeatmapChart.RenderPng(flow.Period.Label, picture.Labels, picture.Values, picture.ShowsWithin, Width, Height);
    }
}

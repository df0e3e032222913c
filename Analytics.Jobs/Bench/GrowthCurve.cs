using System.Globalization;
using System.Text;
using Analytics.Jobs.Charts;
using ScottPlot;

namespace Analytics.Jobs.Bench;

/// <summary>
/// One size of the growth curve (`bench growth`, issue 20 target 5): the costs users meet, measured on a benchmark
/// database of <see cref="Activities"/> activities. Times in seconds or milliseconds as named; CPU of the benchmark's own
/// process (the web app's CPU is not in it).
/// </summary>
public sealed record GrowthRow(
    long Activities,
    double IngestRowsPerSecond,
    double FullRecomputeSeconds,
    double FullRecomputeCpuSeconds,
    double IncrementalDaySeconds,
    double FirstOverviewMilliseconds,
    double CachedOverviewP95Milliseconds,
    long DatabaseBytes,
    string MeasuredAt,
    string Load);

/// <summary>
/// The recorded rows of the growth curve: a tab-separated file with one row per size (a new measurement of a size
/// replaces its row, so sizes can be measured in separate runs), and the chart drawn from all of them.
/// </summary>
public static class GrowthCurve
{
    private static readonly string[] Columns =
    [
        "activities", "ingest_rows_per_s", "full_recompute_s", "full_recompute_cpu_s", "incremental_day_s",
        "first_overview_ms", "cached_overview_p95_ms", "database_bytes", "measured_at", "load",
    ];

    public static IReadOnlyList<GrowthRow> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0)
            return [];
        if (lines[0] != string.Join('\t', Columns))
            throw new InvalidDataException($"{path} is not a growth-curve file (its header is not: {string.Join(' ', Columns)}).");
        var rows = new List<GrowthRow>();
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)).Where(x => x.l.Length > 0))
        {
            var f = line.Split('\t');
            if (f.Length != Columns.Length)
                throw new InvalidDataException($"{path}, line {number}: {f.Length} fields, expected {Columns.Length}.");
            try
            {
                var inv = CultureInfo.InvariantCulture;
                rows.Add(new GrowthRow(long.Parse(f[0], inv), double.Parse(f[1], inv), double.Parse(f[2], inv), double.Parse(f[3], inv),
                    double.Parse(f[4], inv), double.Parse(f[5], inv), double.Parse(f[6], inv), long.Parse(f[7], inv), f[8], f[9]));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}, line {number}: {e.Message}", e);
            }
        }

        return rows;
    }

    /// <summary>Writes <paramref name="row"/> into the file, replacing an earlier row of the same size; rows sorted by size.</summary>
    public static IReadOnlyList<GrowthRow> Record(string path, GrowthRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var rows = Read(path).Where(r => r.Activities != row.Activities).Append(row).OrderBy(r => r.Activities).ToList();
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder().AppendLine(string.Join('\t', Columns));
        foreach (var r in rows)
        {
            text.AppendLine(string.Join('\t', new[]
            {
                r.Activities.ToString(inv), r.IngestRowsPerSecond.ToString("0", inv), r.FullRecomputeSeconds.ToString("0.00", inv),
                r.FullRecomputeCpuSeconds.ToString("0.00", inv), r.IncrementalDaySeconds.ToString("0.000", inv),
                r.FirstOverviewMilliseconds.ToString("0", inv), r.CachedOverviewP95Milliseconds.ToString("0.0", inv),
                r.DatabaseBytes.ToString(inv), Clean(r.MeasuredAt), Clean(r.Load),
            }));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return rows;
    }

    /// <summary>The Markdown table of BENCHMARKS.md, with each figure's cost per million activities where that is the question.</summary>
    public static IEnumerable<string> MarkdownTable(IReadOnlyList<GrowthRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inv = CultureInfo.InvariantCulture;
        yield return "| activities | ingest rows/s | full recompute s (CPU s) | per 1M activities | incremental day s | first overview ms | cached overview p95 ms | database MB | MB per 1M | load |";
        yield return "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
        foreach (var r in rows)
        {
            var millions = r.Activities / 1e6;
            yield return string.Create(inv,
                $"| {r.Activities:N0} | {r.IngestRowsPerSecond:N0} | {r.FullRecomputeSeconds:N1} ({r.FullRecomputeCpuSeconds:N1}) | {r.FullRecomputeSeconds / millions:N1} s | {r.IncrementalDaySeconds:N2} | {r.FirstOverviewMilliseconds:N0} | {r.CachedOverviewP95Milliseconds:N1} | {r.DatabaseBytes / 1e6:N0} | {r.DatabaseBytes / 1e6 / millions:N0} | {r.Load} |");
        }
    }

    /// <summary>
    /// Each measure relative to its value at the smallest size, against the size's own ratio (the dashed "linear" line):
    /// a measure above the line costs more per activity as the history grows. Ingest is drawn as seconds per row.
    /// </summary>
    public static byte[] RenderPng(IReadOnlyList<GrowthRow> rows, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2)
            throw new InvalidOperationException("A growth curve needs at least two sizes.");
        ChartFonts.EnsureRegistered();
        var sorted = rows.OrderBy(r => r.Activities).ToList();
        var first = sorted[0];
        var x = sorted.Select(r => r.Activities / 1e6).ToArray();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        var measures = new (string Label, Func<GrowthRow, double> Value)[]
        {
            ("Full recompute (CPU s)", r => r.FullRecomputeCpuSeconds),
            ("Incremental day (s)", r => r.IncrementalDaySeconds),
            ("First overview (ms)", r => r.FirstOverviewMilliseconds),
            ("Cached overview p95 (ms)", r => r.CachedOverviewP95Milliseconds),
            ("Ingest (s per row)", r => 1 / r.IngestRowsPerSecond),
            ("Database size", r => r.DatabaseBytes),
        };
        var colours = new[] { Colors.Navy, Colors.DarkOrange, Colors.Crimson, Colors.SeaGreen, Colors.Purple, Colors.SaddleBrown };
        foreach (var ((label, value), colour) in measures.Zip(colours))
        {
            var baseline = value(first);
            if (baseline <= 0)
                continue;
            var line = plot.Add.Scatter(x, sorted.Select(r => value(r) / baseline).ToArray());
            line.LegendText = label;
            line.Color = colour;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        var linear = plot.Add.Scatter(x, sorted.Select(r => (double)r.Activities / first.Activities).ToArray());
        linear.LegendText = "Linear in activities";
        linear.Color = Colors.Gray;
        linear.LinePattern = LinePattern.Dashed;
        linear.MarkerSize = 0;

        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Cost as the history grows (relative to {first.Activities / 1e6:0.##}M activities)"));
        plot.XLabel("Activities in the database (millions)");
        plot.YLabel("Times the cost at the smallest size");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static string Clean(string value) => value.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}

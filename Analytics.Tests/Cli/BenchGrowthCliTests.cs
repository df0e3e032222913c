using Analytics.Jobs.Bench;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Cli;

/// <summary>
/// `bench growth` on a tiny size: a run measures one size end to end (build, import of a day, incremental
/// aggregation, the real web app's overview, size), records its row beside the sizes of earlier runs, and draws the chart. No timing is
/// asserted; figures belong in BENCHMARKS.md.
/// </summary>
public sealed class BenchGrowthCliTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"bench-growth-{Guid.NewGuid():N}");
    private string Results => Path.Combine(_folder, "growth.tsv");
    private string Chart => Path.Combine(_folder, "growth.png");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_run_records_its_size_beside_the_earlier_ones_draws_the_chart_and_leaves_no_database_behind()
    {
        // A larger size measured by an earlier run (sizes are measured one per run, ADR 2061).
        var earlier = new GrowthRow(40_000, 5_000, 20, 8, 2, 900, 12, 24_000_000, "2026-12-06 06:00 UTC", "1.0");
        GrowthCurve.Record(Results, earlier);

        var (exit, output) = await RunAsync(Size(20_000));

        Assert.True(exit == 0, output);
        Assert.Contains("Import of one day: 10,000 rows", output, StringComparison.Ordinal);
        var rows = GrowthCurve.Read(Results);
        Assert.Equal([20_000L, 40_000L], rows.Select(r => r.Activities));
        Assert.Equal(earlier, rows[1]);
        var measured = rows[0];
        Assert.True(measured.IngestRowsPerSecond > 0 && measured.FullRecomputeSeconds > 0 && measured.IncrementalDaySeconds > 0, measured.ToString());
        Assert.True(measured.FirstOverviewMilliseconds > 0 && measured.CachedOverviewP95Milliseconds > 0, measured.ToString());
        // The file's size after a checkpoint: at least the history's pages, not a constant or the empty schema.
        Assert.True(measured.DatabaseBytes > 20_000L * 20, measured.DatabaseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("| 20,000 |", output, StringComparison.Ordinal);
        Assert.Contains("| 40,000 |", output, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(Chart);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        Assert.Empty(Directory.GetFiles(_folder, "growth-*"));
    }

    [Fact]
    public async Task A_results_file_of_another_shape_is_refused_and_kept()
    {
        await File.WriteAllTextAsync(Results, "size,seconds\n1,2\n");

        var (exit, output) = await RunAsync(Size(20_000));

        Assert.Equal(2, exit);
        Assert.Contains("is not a growth-curve file", output, StringComparison.Ordinal);
        Assert.Equal("size,seconds\n1,2\n", await File.ReadAllTextAsync(Results));
    }

    [Fact]
    public void A_new_measurement_of_a_size_replaces_its_row()
    {
        GrowthRow Row(long activities, double incremental) => new(activities, 1000, 2, 2, incremental, 30, 4, activities * 10, "2026-12-06 06:00 UTC", "1.0");
        GrowthCurve.Record(Results, Row(5_000_000, 1));
        GrowthCurve.Record(Results, Row(1_000_000, 1));
        GrowthCurve.Record(Results, Row(5_000_000, 0.25));

        var rows = GrowthCurve.Read(Results);

        Assert.Equal([1_000_000L, 5_000_000L], rows.Select(r => r.Activities));
        Assert.Equal(0.25, rows[1].IncrementalDaySeconds);
    }

    private string[] Size(int activities) =>
    [
        "bench", "growth", "--activities", activities.ToString(System.Globalization.CultureInfo.InvariantCulture), "--people", "60", "--days", "70",
        "--results", Results, "--chart", Chart, "--work-dir", _folder, "--duration", "1", "--clients", "2",
    ];

    // Standard error joins the output, in order, as a terminal shows them.
    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var run = await InProcessCli.RunAsync(args);
        return (run.Exit, run.Both);
    }
}

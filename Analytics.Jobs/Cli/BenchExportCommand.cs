using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Reports;
using Analytics.Jobs.Reports.Excel;
using Analytics.Jobs.Scoring;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench export`: builds a fresh database (fixed seed, prepared inserts), then measures each part in
/// its own child process so that each peak working set is the part's own: the streamed raw export, a plain
/// ClosedXML export of the same rows (optionally capped and scaled) and the monthly report on the aggregated history.
/// </summary>
public static class BenchExportCommand
{
    private static readonly string[] SqliteFileSuffixes = ["", "-wal", "-shm"];
    private static readonly DateOnly HistoryStart = new(2025, 1, 1);

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Activities in the database (all exported raw).", DefaultValueFactory = _ => 1_000_000 };
        var baseline = new Option<int>("--baseline-rows") { Description = "Rows of the plain ClosedXML export, capped because it holds the workbook in memory (its time is scaled linearly to --rows).", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Days of history.", DefaultValueFactory = _ => 330 };
        var people = new Option<int>("--people") { Description = "Employees.", DefaultValueFactory = _ => 4_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 20261127 };
        var part = new Option<string?>("--part") { Description = "Internal: run one measured part (raw, closedxml, monthly) against --db.", Hidden = true };
        var command = new Command("export", "Time the streamed raw export against plain ClosedXML, and the monthly report, each with its peak memory.")
        {
            rows, baseline, days, people, seed, part,
        };
        command.SetAction(async (parse, ct) =>
        {
            var database = parse.GetValue(CliOptions.Database);
            if (parse.GetValue(part) is { } name)
                return await RunPartAsync(name, database ?? throw new InvalidOperationException("--db is required with --part."), parse.GetValue(baseline), parse.GetValue(days), ct);

            var path = database ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-export-{Guid.NewGuid():N}.db");
            if (File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} exists; the benchmark builds its own database.");
                return 2;
            }

            try
            {
                return await RunAsync(path, parse.GetValue(rows), parse.GetValue(baseline), parse.GetValue(days), parse.GetValue(people), parse.GetValue(seed), ct);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in SqliteFileSuffixes)
                    File.Delete(path + suffix);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, int rows, int baselineRows, int days, int people, int seed, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var connectionString = $"Data Source={Path.GetFullPath(path)}";
        var watch = Stopwatch.StartNew();
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString))
            await new DatabaseInitializer(db).MigrateAsync(ct);
        var world = new BenchHistory(seed, people, HistoryStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        await world.WriteOrganisationAsync(connectionString, ct);
        await world.WriteActivitiesAsync(connectionString, rows, firstDay: 0, days, ct);
        SqliteConnection.ClearAllPools();
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"bench export: {rows:N0} activities over {days} days, {people:N0} people, seed {seed}, {Environment.ProcessorCount} cores; written in {watch.Elapsed.TotalSeconds:0.0} s"));

        var raw = await ChildAsync("raw", path, baselineRows, days, ct);
        var plain = await ChildAsync("closedxml", path, Math.Min(baselineRows, rows), days, ct);
        var scaled = plain.Seconds * rows / Math.Min(baselineRows, rows);
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"  raw export (StreamingXlsxWriter): {raw.Rows:N0} rows in {raw.Seconds:0.00} s, peak working set {raw.PeakMb:0} MB, {raw.Bytes / 1048576.0:0.0} MB file"));
        var scaling = plain.Rows < rows ? string.Create(inv, $"; scaled to {rows:N0} rows: {scaled:0.0} s") : "";
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"  plain ClosedXML (SheetWriter):    {plain.Rows:N0} rows in {plain.Seconds:0.00} s, peak working set {plain.PeakMb:0} MB, {plain.Bytes / 1048576.0:0.0} MB file") + scaling);
        await Console.Out.WriteLineAsync(string.Create(inv, $"  speed-up: {scaled / raw.Seconds:0.0}x (target >= 5x); raw peak {raw.PeakMb:0} MB (target < 300 MB)"));

        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString))
        {
            var aggregator = new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance);
            var full = await aggregator.RunAsync(full: true, ct);
            await Console.Out.WriteLineAsync(string.Create(inv, $"  aggregated for the report: {full.PersonMetricRows:N0} person-day rows in {full.Elapsed.TotalSeconds:0.0} s (not part of the report's time)"));
        }

        SqliteConnection.ClearAllPools();
        var monthly = await ChildAsync("monthly", path, 0, days, ct);
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"  monthly report {LastFullMonth(days).Label}: {monthly.Seconds:0.00} s (target < 10 s), peak working set {monthly.PeakMb:0} MB, {monthly.Bytes / 1024.0:0} KB"));
        return 0;
    }

    private sealed record PartResult(long Rows, double Seconds, double PeakMb, long Bytes);

    /// <summary>Runs this same program with --part in a child process and reads its one result line.</summary>
    private static async Task<PartResult> ChildAsync(string part, string path, int baselineRows, int days, CancellationToken ct)
    {
        var result = await CliChildProcess.RunAsync(["--db", path, "bench", "export", "--part", part,
            "--baseline-rows", baselineRows.ToString(CultureInfo.InvariantCulture), "--days", days.ToString(CultureInfo.InvariantCulture)], ct);
        var output = result.Output;
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("part ", StringComparison.Ordinal));
        if (result.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"Part {part} failed ({result.ExitCode}): {output}");
        var f = line.Split(' ');
        var inv = CultureInfo.InvariantCulture;
        return new PartResult(long.Parse(f[2], inv), double.Parse(f[3], inv), double.Parse(f[4], inv), long.Parse(f[5], inv));
    }

    private static ReportingPeriod LastFullMonth(int days)
    {
        var end = HistoryStart.AddDays(days);
        var month = new DateOnly(end.Year, end.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(month.Year, month.Month);
    }

    private static async Task<int> RunPartAsync(string part, string path, int rows, int days, CancellationToken ct)
    {
        var connectionString = $"Data Source={Path.GetFullPath(path)}";
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        var filter = new RawActivityFilter(HistoryStart, HistoryStart.AddDays(days + 1), Pseudonymise: false);
        var output = Path.Combine(Path.GetTempPath(), $"analytics-bench-{part}-{Guid.NewGuid():N}.xlsx");
        var watch = Stopwatch.StartNew();
        long count;
        try
        {
            switch (part)
            {
                case "raw":
                    await using (var file = File.Create(output))
                        count = await new RawActivityExport(db).WriteAsync(file, filter, ct);
                    break;
                case "closedxml":
                    // The straightforward way: the same rows and columns into an XLWorkbook, then SaveAs.
                    count = 0;
                    using (var workbook = new XLWorkbook())
                    {
                        var sheet = workbook.Worksheets.Add("Activities");
                        var all = new List<IReadOnlyList<object?>>();
                        await foreach (var row in new RawActivityExport(db).RowsAsync(filter, ct))
                        {
                            all.Add(row);
                            if (++count == rows)
                                break;
                        }

                        SheetWriter.WriteTable(sheet, RawActivityExport.Columns, all);
                        workbook.SaveAs(output);
                    }

                    break;
                case "monthly":
                    var clock = TimeProvider.System;
                    var builder = BenchDatabase.ReportBuilder(db, clock);
                    var bytes = await builder.BuildAsync(LastFullMonth(days), clock.GetUtcNow(), ct);
                    await File.WriteAllBytesAsync(output, bytes, ct);
                    count = 1;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown part '{part}'.");
                    return 2;
            }

            var seconds = watch.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"part {part} {count} {seconds:0.000} {self.PeakWorkingSet64 / 1048576.0:0.0} {new FileInfo(output).Length}"));
            return 0;
        }
        finally
        {
            File.Delete(output);
        }
    }
}

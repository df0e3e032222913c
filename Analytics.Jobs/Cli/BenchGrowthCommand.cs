using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Jobs.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench growth` (issue 20 target 5): one size of the growth curve per run. On a benchmark database of
/// --activities activities (built for the run): the full aggregation, the product's import of one more day of
/// activity into it (rows/s), the incremental aggregation of that day, the web app's first (uncached) and cached
/// overview, and the file's size. The row is recorded in --results (one row per size, so the sizes of the curve can be
/// measured in separate runs) and the chart of every recorded size is drawn into --chart.
/// </summary>
public static class BenchGrowthCommand
{
    private static readonly string[] SqliteFileSuffixes = ["", "-wal", "-shm"];

    public static Command Create()
    {
        var spec = new BenchDatabaseCommand.SpecOptions();
        var results = new Option<FileInfo>("--results") { Description = "The growth-curve file (tab-separated, one row per size); the row of this size is added or replaced.", Required = true };
        var chart = new Option<FileInfo?>("--chart") { Description = "Where to draw the chart (PNG) of every size recorded in --results (needs two sizes)." };
        var folder = new Option<DirectoryInfo?>("--work-dir") { Description = "Where the benchmark database goes. Default: the temporary folder." };
        var keep = new Option<bool>("--keep") { Description = "Keep the benchmark database afterwards (a later run with the same parameters and --work-dir reuses it and recomputes instead of building)." };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients for the cached overview.", DefaultValueFactory = _ => 16 };
        var duration = new Option<int>("--duration") { Description = "Seconds of the cached overview's measurement.", DefaultValueFactory = _ => 10 };
        var webApp = new Option<string?>("--web-app") { Description = "Path of Analytics.Web.dll. Default: the build of the same configuration in this repository." };
        var command = new Command("growth", "Measure one size of the growth curve (ingest, full and incremental aggregation, overview, database size) and record it.")
        {
            results, chart, folder, keep, clients, duration, webApp,
        };
        spec.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            BenchDatabaseSpec size;
            try
            {
                size = spec.Read(parse);
                _ = GrowthCurve.Read(parse.GetValue(results)!.FullName);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            var work = parse.GetValue(folder)?.FullName ?? Path.GetTempPath();
            Directory.CreateDirectory(work);
            var path = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"growth-{size.Activities}.db"));
            try
            {
                var row = await MeasureAsync(path, size, parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(webApp), ct);
                var rows = GrowthCurve.Record(parse.GetValue(results)!.FullName, row);
                foreach (var line in GrowthCurve.MarkdownTable(rows))
                    await Console.Out.WriteLineAsync(line);
                if (parse.GetValue(chart) is { } png)
                {
                    if (rows.Count < 2)
                    {
                        await Console.Out.WriteLineAsync("Chart not drawn: it needs at least two recorded sizes.");
                    }
                    else
                    {
                        await File.WriteAllBytesAsync(png.FullName, GrowthCurve.RenderPng(rows), ct);
                        await Console.Out.WriteLineAsync($"Chart: {png.FullName}");
                    }
                }

                return 0;
            }
            catch (BenchDatabaseRefusedException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (!parse.GetValue(keep))
                {
                    foreach (var suffix in SqliteFileSuffixes)
                        File.Delete(path + suffix);
                }
            }
        });
        return command;
    }

    private static async Task<GrowthRow> MeasureAsync(string path, BenchDatabaseSpec size, int clients, TimeSpan duration, string? webApp, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var load = new List<string> { LoadAverage.Read() };
        var database = await BenchDatabase.EnsureAsync(path, size, Console.WriteLine, ct);

        // The full aggregation: the build's own when this run built the file, else a recompute of the reused one.
        var full = database.Built?.Aggregation;
        if (full is null)
        {
            await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, database.ConnectionString);
            var cpu = Cpu();
            var result = await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance).RunAsync(full: true, ct);
            full = new Measured(result.Elapsed, Cpu() - cpu);
            await Console.Out.WriteLineAsync(string.Create(inv, $"Full recompute of the reused file: {result.Days} days in {full.Value.Wall.TotalSeconds:0.0} s, {full.Value.Cpu.TotalSeconds:0.0} CPU s"));
        }

        load.Add(LoadAverage.Read());
        // One more day of activity, through the product's import (activity-csv connector, SQLite bulk writer), into the
        // grown database: what a nightly sync costs at this size. At least 10,000 rows so the rate is measurable.
        var dayRows = Math.Max(10_000, size.Activities / size.Days);
        var yesterday = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
        var file = path + ".day.csv";
        Measured import;
        try
        {
            await new ActivityFileGenerator(dayRows, size.Seed, chronological: true, start: yesterday, days: 1).WriteCsvAsync(file, ct);
            (import, var inserted) = await IngestBenchmark.ImportIntoAsync(file, path, "bench-day", ct);
            if (inserted != dayRows)
                throw new InvalidOperationException($"the day's import inserted {inserted} of {dayRows} rows");
        }
        finally
        {
            File.Delete(file);
        }

        await Console.Out.WriteLineAsync(string.Create(inv, $"Import of one day: {dayRows:N0} rows in {import.Wall.TotalSeconds:0.00} s ({dayRows / import.Wall.TotalSeconds:N0} rows/s), {import.Cpu.TotalSeconds:0.00} CPU s"));

        TimeSpan incremental;
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, database.ConnectionString))
        {
            var result = await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance).RunAsync(full: false, ct);
            incremental = result.Elapsed;
            await Console.Out.WriteLineAsync(string.Create(inv, $"Incremental aggregation after the import: {result.Days} days, {result.Activities:N0} activities in {incremental.TotalSeconds:0.000} s"));
        }

        load.Add(LoadAverage.Read());
        double first;
        double cachedP95;
        var (assembly, contentRoot) = WebAppProcess.Locate(webApp);
        await using (var app = await WebAppProcess.StartAsync(assembly, contentRoot, database.ConnectionString, ct))
        {
            using var run = new LatencyRun(app.Address);
            await run.SignInAsync(database.UserName, database.Password, ct);
            var overview = new LatencyTarget("overview /", "/");
            first = (await run.WarmUpAsync([overview], times: 3, ct))[0].FirstMilliseconds;
            var figures = await run.RunAsync([overview], clients, duration, ct);
            if (figures.Sum(f => f.Errors) > 0)
                throw new InvalidOperationException("The overview answered with errors: " + string.Join("; ", figures.SelectMany(f => f.FirstErrors).Take(3)));
            cachedP95 = figures[0].P95;
        }

        await Console.Out.WriteLineAsync(string.Create(inv, $"Overview: first request {first:N0} ms, cached p95 {cachedP95:N1} ms ({clients} clients x {duration.TotalSeconds:0} s)"));
        load.Add(LoadAverage.Read());
        return new GrowthRow(size.Activities, dayRows / import.Wall.TotalSeconds, full.Value.Wall.TotalSeconds, full.Value.Cpu.TotalSeconds,
            incremental.TotalSeconds, first, cachedP95, await SizeAsync(database.ConnectionString, path, ct),
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", inv), string.Join(" / ", load.Select(l => l.Split(' ')[0])));
    }

    // The file after a checkpoint: what the history occupies, without a write-ahead log of whatever ran last.
    private static async Task<long> SizeAsync(string connectionString, string path, CancellationToken ct)
    {
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync(ct);
        }

        SqliteConnection.ClearAllPools();
        return SqliteFileSuffixes.Select(s => new FileInfo(path + s)).Where(f => f.Exists).Sum(f => f.Length);
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Ingestion.Bench;
using Microsoft.Data.Sqlite;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench load` (issue 9.4): the real web app under concurrent clients over the dashboard pages and the JSON
/// API while, against the same database, an activity CSV is imported (`analytics import activity-csv`) and the
/// aggregation (`analytics aggregate`) runs again and again. Works on a copy of the benchmark database, which stays as built.
/// </summary>
public static class BenchLoadCommand
{
    private const string Pages = "pages";
    private const string Api = "api";

    public static Command Create()
    {
        var spec = new BenchDatabaseCommand.SpecOptions();
        var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 32 };
        var duration = new Option<int>("--duration") { Description = "Seconds of load.", DefaultValueFactory = _ => 60 };
        var importRows = new Option<int>("--import-rows") { Description = "Rows of the activity CSV imported during the load (over the last 30 days).", DefaultValueFactory = _ => 100_000 };
        var webApp = new Option<string?>("--web-app") { Description = "Path of Analytics.Web.dll. Default: the build of the same configuration in this repository." };
        var command = new Command("load", "Load the real web app's pages and API while an import and the aggregation write to the same database.")
        {
            clients, duration, importRows, webApp,
        };
        spec.AddTo(command);
        command.SetAction((parse, ct) => BenchDatabaseCommand.WithDatabaseAsync(parse, spec, async database =>
        {
            var work = Path.Combine(Path.GetTempPath(), $"analytics-bench-load-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            try
            {
                return await RunAsync(database, work, parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(importRows),
                    WebAppProcess.Locate(parse.GetValue(webApp)), ct);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(work, recursive: true);
            }
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(BenchDatabaseInfo database, string work, int clients, TimeSpan duration, int importRows,
        (string Assembly, string ContentRoot) web, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        // The import and the aggregation change the database: they work on a copy, so the shared one stays as built.
        var copy = Path.Combine(work, "bench.db");
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(database.Path + suffix))
                File.Copy(database.Path + suffix, copy + suffix);
        }

        var csv = Path.Combine(work, "activities.csv");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await new ActivityFileGenerator(importRows, seed: 94, start: new DateTimeOffset(today.AddDays(-30).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), days: 30)
            .WriteCsvAsync(csv, ct);

        await using var app = await WebAppProcess.StartAsync(web.Assembly, web.ContentRoot, $"Data Source={copy}", ct);
        using var run = new LatencyRun(app.Address);
        await run.SignInAsync(database.UserName, database.Password, ct);
        var person = database.ActivePersonId.ToString(inv);
        LatencyTarget[] targets =
        [
            new(Pages, "/"),
            new(Api, "/api/summary"),
            new(Pages, "/Leaderboard"),
            new(Api, "/api/departments"),
            new(Pages, $"/People/{person}"),
            new(Api, "/api/leaderboard"),
            new(Pages, "/Departments"),
            new(Api, $"/api/people/{person}"),
            new(Api, "/api/flow"),
        ];
        await run.WarmUpAsync(targets, times: 2, ct);

        var load = Stopwatch.StartNew();
        var import = CliChildProcess.RunAsync(["--db", copy, "import", "activity-csv", "--source", "bench-load", csv], ct);
        var aggregations = AggregateRepeatedlyAsync(copy, import, load, duration, ct);
        // The load lasts at least --duration and until the writers are done, so every write happens under load.
        var figures = await run.RunAsync(targets, clients, duration, ct, until: Task.WhenAll(import, aggregations), perPath: true);
        var measured = load.Elapsed;
        var loadAverage = LoadAverage.Read();
        var imported = await import;
        var aggregated = await aggregations;

        await Console.Out.WriteLineAsync(string.Create(inv,
            $"bench load: {clients} clients x {measured.TotalSeconds:0} s over {targets.Length} routes ({targets.Count(t => t.Group == Pages)} pages, {targets.Count(t => t.Group == Api)} API), {Environment.ProcessorCount} cores, load average {loadAverage}; copy of {database.Path}"));
        foreach (var line in LatencyRun.Table(figures))
            await Console.Out.WriteLineAsync(line);
        var byGroup = figures.Where(f => f.Group is Pages or Api).ToList();
        var requests = byGroup.Sum(f => f.Requests);
        var errors = byGroup.Sum(f => f.Errors);
        await Console.Out.WriteLineAsync(string.Create(inv, $"  total: {requests:N0} requests, {requests / measured.TotalSeconds:0.0} req/s, {errors:N0} errors (target: 0)"));
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"  import of {importRows:N0} rows during the load: exit {imported.ExitCode} after {imported.Elapsed.TotalSeconds:0.0} s; {imported.LastLine}"));
        foreach (var (result, n) in aggregated.Select((r, n) => (r, n + 1)))
        {
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"  aggregation run {n}: exit {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s; {result.LastLine}"));
        }

        var failed = imported.ExitCode != 0 || aggregated.Any(a => a.ExitCode != 0);
        if (failed)
            await Console.Error.WriteLineAsync("A background job failed:\n" + string.Join('\n', new[] { imported }.Concat(aggregated).Where(r => r.ExitCode != 0).Select(r => r.Output)));
        if (errors > 0)
        {
            foreach (var line in app.LastLines().TakeLast(20))
                await Console.Error.WriteLineAsync("  app: " + line);
        }

        return errors == 0 && !failed ? 0 : 1;
    }

    /// <summary>
    /// Aggregation runs one after another, as the recurring job would pick up each imported batch's days: while the
    /// load's duration lasts, and once more after the import has finished, so all imported days are aggregated under load.
    /// </summary>
    private static async Task<List<CliChildResult>> AggregateRepeatedlyAsync(string database, Task import, Stopwatch load, TimeSpan duration, CancellationToken ct)
    {
        var results = new List<CliChildResult>();
        bool importDone;
        do
        {
            importDone = import.IsCompleted;
            results.Add(await CliChildProcess.RunAsync(["--db", database, "aggregate"], ct));
        }
        while (load.Elapsed < duration || !importDone);
        return results;
    }
}

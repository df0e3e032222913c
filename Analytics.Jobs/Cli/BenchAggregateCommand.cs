using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench aggregate`: a synthetic history (fixed seed) written with prepared SQLite inserts; then, in rounds of
/// alternating order, a timed full recompute and the floor (<see cref="RecomputeFloor"/>) on the same database; then one
/// more day of activity and timed incremental runs of it; medians and the ratios recompute/floor and full/incremental.
/// </summary>
public static class BenchAggregateCommand
{
    private static readonly string[] SqliteFileSuffixes = ["", "-wal", "-shm"];
    private static readonly DateTime HistoryStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static Command Create()
    {
        var activities = new Option<int>("--activities") { Description = "Activities in the history.", DefaultValueFactory = _ => 5_000_000 };
        var days = new Option<int>("--days") { Description = "Days of history; one day is about 1/days of it.", DefaultValueFactory = _ => 330 };
        var people = new Option<int>("--people") { Description = "Employees (each with one account).", DefaultValueFactory = _ => 4_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 20261127 };
        var keep = new Option<bool>("--keep") { Description = "Keep the database file afterwards." };
        var reuse = new Option<bool>("--reuse") { Description = "Use the existing --db file (a database kept by an earlier run with the same parameters) instead of building one." };
        var repeat = new Option<int>("--repeat") { Description = "Rounds of full recompute, floor and incremental run; medians are reported.", DefaultValueFactory = _ => 3 };
        repeat.Validators.Add(r =>
        {
            if (r.GetValue(repeat) is < 1 or > 20)
                r.AddError("--repeat must be between 1 and 20.");
        });
        var lease = new Option<TimeSpan?>("--lock-lease")
        {
            Description = "The aggregation lock's lease (renewed every third of it; default Jobs:LockLease). A renewal is a write by another connection, which empties the aggregation connection's page cache (ADR 2001): a long lease shows what that costs.",
        };
        var command = new Command("aggregate", "Time a full aggregation of a large history against its floor and against an incremental run of one new day.")
        {
            activities, days, people, seed, keep, reuse, repeat, lease,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(CliOptions.Database) ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}.db");
            var reusing = parse.GetValue(reuse);
            if (File.Exists(path) != reusing)
            {
                await Console.Error.WriteLineAsync(reusing
                    ? $"{path} does not exist; --reuse needs a database kept by an earlier run (--keep)."
                    : $"{path} exists; the benchmark builds its own database (or pass --reuse).");
                return 2;
            }

            try
            {
                await RunAsync(path, reusing, parse.GetValue(activities), parse.GetValue(days), parse.GetValue(people), parse.GetValue(seed), parse.GetValue(repeat), parse.GetValue(lease), ct);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (!parse.GetValue(keep) && !reusing)
                {
                    foreach (var suffix in SqliteFileSuffixes)
                        File.Delete(path + suffix);
                }
            }

            return 0;
        });
        return command;
    }

    private static async Task RunAsync(string path, bool reuse, int activityCount, int dayCount, int peopleCount, int seed, int repeat, TimeSpan? lease, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var connectionString = $"Data Source={Path.GetFullPath(path)}";
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        await new DatabaseInitializer(db).MigrateAsync(ct);
        await Console.Out.WriteLineAsync($"Load average before: {LoadAverage.Read()}");

        var world = new BenchHistory(seed, peopleCount, HistoryStart);
        if (!reuse)
        {
            var watch = Stopwatch.StartNew();
            await world.WriteOrganisationAsync(connectionString, ct);
            await world.WriteActivitiesAsync(connectionString, activityCount, firstDay: 0, dayCount, ct);
            await Console.Out.WriteLineAsync(string.Create(inv, $"History: {activityCount:N0} activities over {dayCount} days, {peopleCount:N0} people, {world.ItemCount:N0} items; written in {watch.Elapsed.TotalSeconds:0.0} s"));
        }

        var options = new JobsOptions();
        options.LockLease = lease ?? options.LockLease;
        await Console.Out.WriteLineAsync(string.Create(inv, $"Aggregation lock lease: {options.LockLease} (renewed every third of it)"));
        var locks = new DatabaseLock(() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString), options, NullLogger.Instance);
        var aggregator = new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance, locks);
        var fulls = new List<TimeSpan>();
        var floors = new List<TimeSpan>();
        // Alternating order, so neither side always runs on the caches the other one warmed.
        for (var round = 1; round <= repeat; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                var cpu = Cpu();
                if ((side == 0) == (round % 2 == 1))
                {
                    var full = await aggregator.RunAsync(full: true, ct);
                    db.ChangeTracker.Clear();
                    fulls.Add(full.Elapsed);
                    await Console.Out.WriteLineAsync(string.Create(inv,
                        $"  round {round}: full recompute {full.Days} days, {full.Activities:N0} activities, {full.PersonMetricRows:N0} person-day rows, {full.PointsRows:N0} points entries, {full.BadgesAwarded:N0} badges in {full.Elapsed.TotalSeconds:0.00} s, {(Cpu() - cpu).TotalSeconds:0.00} CPU s (load {LoadAverage.Read()})"));
                }
                else if (fulls.Count > 0)
                {
                    var floor = await RecomputeFloor.MeasureAsync(connectionString, ct);
                    floors.Add(floor.Elapsed);
                    await Console.Out.WriteLineAsync(string.Create(inv,
                        $"  round {round}: floor read {floor.Activities:N0} activities, wrote {floor.RowsWritten:N0} rows in {floor.Elapsed.TotalSeconds:0.00} s, {floor.Cpu.TotalSeconds:0.00} CPU s (load {LoadAverage.Read()})"));
                }
            }
        }

        // The floor needs a recomputed database: an even round count leaves the last round's floor before its recompute.
        if (floors.Count < fulls.Count)
        {
            var floor = await RecomputeFloor.MeasureAsync(connectionString, ct);
            floors.Add(floor.Elapsed);
            await Console.Out.WriteLineAsync(string.Create(inv, $"  extra floor: {floor.Elapsed.TotalSeconds:0.00} s"));
        }

        var newDay = DateOnly.FromDateTime(HistoryStart.AddDays(dayCount));
        var perDay = activityCount / dayCount;
        if (!reuse)
            await world.WriteActivitiesAsync(connectionString, perDay, firstDay: dayCount, days: 1, ct);
        var incrementals = new List<TimeSpan>();
        for (var round = 1; round <= repeat; round++)
        {
            // The same day each round, marked as ingestion would mark it: the first round computes it, the later ones replace it.
            await DirtyDays.MarkAsync(db, [newDay], DateTimeOffset.UtcNow, ct);
            db.ChangeTracker.Clear();
            var incremental = await aggregator.RunAsync(full: false, ct);
            incrementals.Add(incremental.Elapsed);
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"  round {round}: incremental (one day, {perDay:N0} activities = {100.0 * perDay / activityCount:0.00}% of history): {incremental.Days} days, {incremental.Activities:N0} activities in {incremental.Elapsed.TotalSeconds:0.000} s"));
        }

        var (fullMedian, floorMedian, incrementalMedian) = (Median(fulls), Median(floors), Median(incrementals));
        await Console.Out.WriteLineAsync(string.Create(inv, $"Load average after: {LoadAverage.Read()}"));
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"Medians of {repeat}: full recompute {fullMedian.TotalSeconds:0.00} s, floor {floorMedian.TotalSeconds:0.00} s, incremental {incrementalMedian.TotalSeconds:0.000} s"));
        await Console.Out.WriteLineAsync(string.Create(inv, $"Ratio recompute / floor: {fullMedian / floorMedian:0.00}x (target <= 1.5x)"));
        await Console.Out.WriteLineAsync(string.Create(inv, $"Ratio full / incremental: {fullMedian / incrementalMedian:0.0}x (target >= 50x)"));
    }

    // The whole process's CPU time: on a shared machine it drifts less than the wall clock.
    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

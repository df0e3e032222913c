using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench aggregate`: a synthetic history (fixed seed) written with prepared SQLite inserts, a timed
/// full recompute, then one more day of activity and a timed incremental run, in the same process.
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
        var command = new Command("aggregate", "Time a full aggregation of a large history against an incremental run of one new day.")
        {
            activities, days, people, seed, keep,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(CliOptions.Database) ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}.db");
            if (File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"{path} exists; the benchmark builds its own database.");
                return 2;
            }

            try
            {
                await RunAsync(path, parse.GetValue(activities), parse.GetValue(days), parse.GetValue(people), parse.GetValue(seed), ct);
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

            return 0;
        });
        return command;
    }

    private static async Task RunAsync(string path, int activityCount, int dayCount, int peopleCount, int seed, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var connectionString = $"Data Source={Path.GetFullPath(path)}";
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        await new DatabaseInitializer(db).MigrateAsync(ct);

        var watch = Stopwatch.StartNew();
        var world = new BenchHistory(seed, peopleCount, HistoryStart);
        await world.WriteOrganisationAsync(connectionString, ct);
        await world.WriteActivitiesAsync(connectionString, activityCount, firstDay: 0, dayCount, ct);
        var written = watch.Elapsed;
        await Console.Out.WriteLineAsync(string.Create(inv, $"History: {activityCount:N0} activities over {dayCount} days, {peopleCount:N0} people, {world.ItemCount:N0} items; written in {written.TotalSeconds:0.0} s"));

        var aggregator = new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance);
        var full = await aggregator.RunAsync(full: true, ct);
        db.ChangeTracker.Clear();
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"Full recompute: {full.Days} days, {full.Activities:N0} activities, {full.PersonMetricRows:N0} person-day rows, {full.PointsRows:N0} points entries, {full.BadgesAwarded:N0} badges in {full.Elapsed.TotalSeconds:0.00} s"));

        var perDay = activityCount / dayCount;
        await world.WriteActivitiesAsync(connectionString, perDay, firstDay: dayCount, days: 1, ct);
        await DirtyDays.MarkAsync(db, [DateOnly.FromDateTime(HistoryStart.AddDays(dayCount))], DateTimeOffset.UtcNow, ct);
        db.ChangeTracker.Clear();
        var incremental = await aggregator.RunAsync(full: false, ct);
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"Incremental (one new day, {perDay:N0} activities = {100.0 * perDay / activityCount:0.00}% of history): {incremental.Days} days, {incremental.Activities:N0} activities in {incremental.Elapsed.TotalSeconds:0.000} s"));
        await Console.Out.WriteLineAsync(string.Create(inv, $"Ratio full / incremental: {full.Elapsed / incremental.Elapsed:0.0}x"));
    }
}

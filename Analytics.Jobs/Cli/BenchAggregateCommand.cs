using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
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
        var world = new BenchHistory(seed, peopleCount);
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

    /// <summary>A synthetic organisation: departments, employees with one account each, items, and a stream of activity.</summary>
    internal sealed class BenchHistory(int seed, int people)
    {
        private const int Departments = 40;
        private readonly Random _random = new(seed);
        private long _event;

        public int ItemCount => people * 40;

        public async Task WriteOrganisationAsync(string connectionString, CancellationToken ct)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await ExecAsync(connection, transaction, "INSERT INTO SourceSystems (Id, Name, Kind, Enabled, CreatedAt) VALUES (1, 'bench', 'demo', 1, 0)", ct);
            await ExecAsync(connection, transaction, "INSERT INTO Departments (Id, Code, Name, ParentId, Path, Depth) VALUES (1, 'ROOT', 'Company', NULL, '/1/', 0)", ct);
            for (var d = 2; d <= Departments + 1; d++)
                await ExecAsync(connection, transaction, FormattableString.Invariant($"INSERT INTO Departments (Id, Code, Name, ParentId, Path, Depth) VALUES ({d}, 'D{d}', 'Department {d}', 1, '/1/{d}/', 1)"), ct);

            await using var employee = Prepare(connection, transaction,
                "INSERT INTO Employees (Id, EmployeeNumber, DisplayName, Email, HireDate, LeaderboardOptOut) VALUES ($0, $1, $2, $3, '2020-01-01', 0)", 4);
            await using var assignment = Prepare(connection, transaction,
                "INSERT INTO OrgAssignments (EmployeeId, DepartmentId, ValidFrom) VALUES ($0, $1, '2020-01-01')", 2);
            await using var person = Prepare(connection, transaction,
                "INSERT INTO Persons (Id, DisplayName, EmployeeId, IsBot, CreatedAt) VALUES ($0, $1, $0, 0, 0)", 2);
            await using var account = Prepare(connection, transaction,
                "INSERT INTO SourceAccounts (Id, SourceSystemId, ExternalId, IsBot, PersonId) VALUES ($0, 1, $1, 0, $0)", 2);
            for (var i = 1; i <= people; i++)
            {
                await RunAsync(employee, ct, i, $"E{i}", $"Person {i}", $"p{i}@bench.example");
                await RunAsync(assignment, ct, i, 2 + (i % Departments));
                await RunAsync(person, ct, i, $"Person {i}");
                await RunAsync(account, ct, i, $"u{i}");
            }

            await using var item = Prepare(connection, transaction,
                "INSERT INTO KnowledgeItems (Id, SourceSystemId, ExternalId, Kind, AuthorAccountId, CreatedAt) VALUES ($0, 1, $1, 'page', $2, 0)", 3);
            for (var i = 1; i <= ItemCount; i++)
                await RunAsync(item, ct, i, $"i{i}", 1 + _random.Next(people));
            await transaction.CommitAsync(ct);
        }

        /// <summary>Activities spread evenly over <paramref name="days"/> days from <paramref name="firstDay"/>.</summary>
        public async Task WriteActivitiesAsync(string connectionString, int count, int firstDay, int days, CancellationToken ct)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            // Four indexes take random inserts; with SQLite's default 2 MB cache writing 5M rows is disk-bound.
            await ExecAsync(connection, null, "PRAGMA cache_size = -1000000;", ct);
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            var insert = Prepare(connection, transaction,
                "INSERT INTO Activities (SourceSystemId, SourceEventId, Type, ActorAccountId, ItemId, OccurredAt, Quantity) VALUES (1, $0, $1, $2, $3, $4, $5)", 6);
            try
            {
                for (var n = 0; n < count; n++)
                {
                    var day = firstDay + (int)((long)n * days / count);
                    var at = HistoryStart.AddDays(day).AddSeconds(_random.Next(86_400));
                    var type = NextType();
                    var quantity = type == ActivityType.Mentored ? 1.5 : 1;
                    await RunAsync(insert, ct, $"e{++_event}", (int)type, 1 + _random.Next(people), 1 + _random.Next(ItemCount),
                        at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), quantity);
                    if (n % 500_000 == 499_999)
                    {
                        await transaction.CommitAsync(ct);
                        await transaction.DisposeAsync();
                        transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
                        insert.Transaction = transaction;
                    }
                }

                await transaction.CommitAsync(ct);
            }
            finally
            {
                await insert.DisposeAsync();
                await transaction.DisposeAsync();
            }
        }

        // Roughly the demo's mix: views dominate, then chat, edits and votes; learning and mentoring are rare.
        private ActivityType NextType() => _random.Next(100) switch
        {
            < 40 => ActivityType.Viewed,
            < 50 => ActivityType.Posted,
            < 58 => ActivityType.Edited,
            < 66 => ActivityType.Upvoted,
            < 71 => ActivityType.Reacted,
            < 75 => ActivityType.Commented,
            < 79 => ActivityType.Linked,
            < 83 => ActivityType.Authored,
            < 86 => ActivityType.Asked,
            < 90 => ActivityType.Answered,
            < 92 => ActivityType.Accepted,
            < 95 => ActivityType.Completed,
            < 97 => ActivityType.Attended,
            < 98 => ActivityType.Presented,
            < 99 => ActivityType.Mentored,
            _ => ActivityType.Duplicate,
        };

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < parameters; i++)
                command.Parameters.Add(new SqliteParameter($"${i}", null));
            return command;
        }

        private static async Task RunAsync(SqliteCommand command, CancellationToken ct, params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i];
            await command.ExecuteNonQueryAsync(ct);
        }

        private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

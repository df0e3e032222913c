using System.Diagnostics;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Ingestion.Bench;

/// <summary>Wall-clock and CPU time of one side (CPU of the whole process: the import's reader task included).</summary>
public readonly record struct Measured(TimeSpan Wall, TimeSpan Cpu)
{
    public static Measured Worst { get; } = new(TimeSpan.MaxValue, TimeSpan.MaxValue);

    public Measured Best(Measured other) => new(Wall < other.Wall ? Wall : other.Wall, Cpu < other.Cpu ? Cpu : other.Cpu);
}

public sealed record IngestBenchmarkResult(int Rows, Measured Import, long Inserted, Measured Baseline, string Folder)
{
    public double ImportRowsPerSecond => Rows / Import.Wall.TotalSeconds;
    public double BaselineRowsPerSecond => Rows / Baseline.Wall.TotalSeconds;
    public double Ratio => ImportRowsPerSecond / BaselineRowsPerSecond;
    public double ImportRowsPerCpuSecond => Rows / Import.Cpu.TotalSeconds;
    public double BaselineRowsPerCpuSecond => Rows / Baseline.Cpu.TotalSeconds;
    public double CpuRatio => ImportRowsPerCpuSecond / BaselineRowsPerCpuSecond;
}

/// <summary>
/// `bench ingest`: the product's import of a generated file into a fresh SQLite database, against a
/// baseline that inserts the same activity rows with one prepared Microsoft.Data.Sqlite INSERT in one
/// transaction into another fresh database. The baseline does no parsing, no reference resolution and no
/// bookkeeping: it is the ceiling, and the ratio says how much of it the real pipeline keeps.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<IngestBenchmarkResult> RunAsync(
        int rows, int seed, string folder, int batchSize, bool chronological, int repeat, Action<string>? report, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var generator = new ActivityFileGenerator(rows, seed, chronological);
        var file = Path.Combine(folder, "activities.csv");
        await generator.WriteCsvAsync(file, ct);

        // Other work on a shared machine comes and goes: each round runs both sides, in alternating
        // order, and the best time of each side is kept.
        var import = Measured.Worst;
        var baseline = Measured.Worst;
        long inserted = 0;
        for (var round = 1; round <= repeat; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                if ((side == 0) == (round % 2 == 1))
                {
                    var (time, count) = await RunImportAsync(file, Fresh(Path.Combine(folder, "import.db")), batchSize, "bench", ct);
                    import = import.Best(time);
                    inserted = count;
                    report?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  round {round}: import   {time.Wall.TotalSeconds:N2} s wall, {time.Cpu.TotalSeconds:N2} s CPU"));
                }
                else
                {
                    var time = await RunBaselineAsync(generator, Fresh(Path.Combine(folder, "baseline.db")), new IngestionOptions().SqliteCacheSizeMiB, ct);
                    baseline = baseline.Best(time);
                    report?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  round {round}: baseline {time.Wall.TotalSeconds:N2} s wall, {time.Cpu.TotalSeconds:N2} s CPU"));
                }
            }
        }

        SqliteConnection.ClearAllPools();
        return new IngestBenchmarkResult(rows, import, inserted, baseline, folder);
    }

    /// <summary>
    /// `bench hr-directory`: the HR directory import of a generated directory (<see cref="HrDirectoryFileGenerator"/>) against the
    /// activity import of as many generated activity rows, each into a fresh SQLite database, in alternating order, best of
    /// <paramref name="repeat"/> (issue 20 target 3: HR rows/s at least 50 % of the activity import's).
    /// </summary>
    public static async Task<(Measured Hr, Measured Activities)> RunHrDirectoryAsync(
        int rows, string folder, int repeat, Action<string>? report, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var hrFile = Path.Combine(folder, "hr.csv");
        await new HrDirectoryFileGenerator(rows).WriteCsvAsync(hrFile, ct);
        var activityFile = Path.Combine(folder, "activities.csv");
        await new ActivityFileGenerator(rows, 42).WriteCsvAsync(activityFile, ct);

        var hr = Measured.Worst;
        var activities = Measured.Worst;
        for (var round = 1; round <= repeat; round++)
        {
            for (var side = 0; side < 2; side++)
            {
                var isHr = (side == 0) == (round % 2 == 1);
                using var host = BuildHost(Fresh(Path.Combine(folder, isHr ? "hr.db" : "activities.db")), new IngestionOptions().BatchSize);
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
                var sync = scope.ServiceProvider.GetRequiredService<SourceSync>();
                var clock = Clock.Start();
                var result = await sync.ImportAsync("bench", isHr ? HrDirectory.HrDirectoryImporter.KindName : ActivityCsvConnector.KindName,
                    isHr ? hrFile : activityFile, new IngestionRequest("bench"), null, ct);
                var time = clock.Stop();
                if (result.Inserted != rows)
                    throw new InvalidOperationException($"the {(isHr ? "HR" : "activity")} import inserted {result.Inserted} of {rows} rows");
                if (isHr)
                    hr = hr.Best(time);
                else
                    activities = activities.Best(time);
                report?.Invoke(string.Create(CultureInfo.InvariantCulture, $"  round {round}: {(isHr ? "hr-directory" : "activity-csv")} {time.Wall.TotalSeconds:N2} s wall, {time.Cpu.TotalSeconds:N2} s CPU"));
            }
        }

        SqliteConnection.ClearAllPools();
        return (hr, activities);
    }

    private static string Fresh(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
        return path;
    }

    /// <summary>The product's import of <paramref name="file"/> (activity-csv connector, source <paramref name="source"/>) into an existing database, as `bench growth` measures it.</summary>
    public static Task<(Measured Time, long Inserted)> ImportIntoAsync(string file, string databasePath, string source, CancellationToken ct) =>
        RunImportAsync(file, databasePath, new IngestionOptions().BatchSize, source, ct);

    private static async Task<(Measured Time, long Inserted)> RunImportAsync(string file, string databasePath, int batchSize, string source, CancellationToken ct)
    {
        using var host = BuildHost(databasePath, batchSize);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var sync = scope.ServiceProvider.GetRequiredService<SourceSync>();
        var clock = Clock.Start();
        var result = await sync.ImportAsync(source, ActivityCsvConnector.KindName, file, new IngestionRequest("bench"), null, ct);
        return (clock.Stop(), result.Inserted);
    }

    private static IHost BuildHost(string databasePath, int batchSize)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = $"Data Source={databasePath}",
            ["Ingestion:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAnalyticsJobs();
        return builder.Build();
    }

    /// <summary>
    /// The same activities with the same account and item ids; persons, accounts and items are written
    /// before the clock starts, since the baseline measures only the activity INSERT.
    /// </summary>
    private static async Task<Measured> RunBaselineAsync(ActivityFileGenerator generator, string databasePath, int cacheSizeMiB, CancellationToken ct)
    {
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={databasePath}"))
            await new DatabaseInitializer(db).MigrateAsync(ct);

        // Foreign keys on, as EF turns them on for the product's connection: the same checks on both sides.
        await using var connection = new SqliteConnection($"Data Source={databasePath};Foreign Keys=True");
        await connection.OpenAsync(ct);
        // The same connection settings as the product's writer: the comparison is of the pipeline, not of the settings.
        Execute(connection, null, SqliteActivityBulkWriter.ConnectionPragmas(cacheSizeMiB));
        await using (var setup = connection.BeginTransaction())
        {
            Execute(connection, setup, "INSERT INTO \"SourceSystems\" (\"Id\", \"Name\", \"Kind\", \"Enabled\", \"CreatedAt\") VALUES (1, 'bench', 'activity-csv', 1, 0)");
            for (var p = 0; p < generator.People; p++)
            {
                Execute(connection, setup, "INSERT INTO \"Persons\" (\"Id\", \"DisplayName\", \"IsBot\", \"CreatedAt\") VALUES ($id, $name, 0, 0)", ("$id", p + 1), ("$name", ActivityFileGenerator.ActorKey(p)));
                Execute(connection, setup, "INSERT INTO \"SourceAccounts\" (\"Id\", \"SourceSystemId\", \"ExternalId\", \"Email\", \"IsBot\", \"PersonId\") VALUES ($id, 1, $key, $key, 0, $id)", ("$id", p + 1), ("$key", ActivityFileGenerator.ActorKey(p)));
            }

            for (var i = 0; i < generator.Items; i++)
                Execute(connection, setup, "INSERT INTO \"KnowledgeItems\" (\"Id\", \"SourceSystemId\", \"ExternalId\", \"Kind\", \"AuthorAccountId\") VALUES ($id, 1, $key, $kind, $author)", ("$id", i + 1), ("$key", ActivityFileGenerator.ItemKey(i)), ("$kind", ActivityFileGenerator.KindOf(i)), ("$author", (i % generator.People) + 1));
            Execute(connection, setup, "INSERT INTO \"SyncRuns\" (\"Id\", \"SourceSystemId\", \"StartedAt\", \"Status\", \"Read\", \"Inserted\", \"Duplicates\", \"Rejected\") VALUES (1, 1, 0, 1, 0, 0, 0, 0)");
            setup.Commit();
        }

        var clock = Clock.Start();
        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO "Activities" ("SourceSystemId", "SourceEventId", "Type", "ActorAccountId", "ItemId", "OccurredAt", "Quantity", "SyncRunId")
                VALUES (1, $event, $type, $actor, $item, $at, $quantity, 1)
                """;
            var eventId = insert.Parameters.Add("$event", SqliteType.Text);
            var type = insert.Parameters.Add("$type", SqliteType.Integer);
            var actor = insert.Parameters.Add("$actor", SqliteType.Integer);
            var item = insert.Parameters.Add("$item", SqliteType.Integer);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            var quantity = insert.Parameters.Add("$quantity", SqliteType.Real);
            insert.Prepare();
            foreach (var a in generator.Activities())
            {
                eventId.Value = a.EventId;
                type.Value = (int)a.Type;
                actor.Value = a.Actor + 1;
                item.Value = a.Item + 1;
                at.Value = a.OccurredAt.UtcDateTime.ToString(SqliteActivityBulkWriter.DateTimeFormat, CultureInfo.InvariantCulture);
                quantity.Value = a.Quantity;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return clock.Stop();
    }

    private sealed class Clock
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public static Clock Start() => new();

        public Measured Stop() => new(_wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - _cpu);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}

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

public sealed record IngestBenchmarkResult(int Rows, TimeSpan ImportTime, long Inserted, TimeSpan BaselineTime, string Folder)
{
    public double ImportRowsPerSecond => Rows / ImportTime.TotalSeconds;
    public double BaselineRowsPerSecond => Rows / BaselineTime.TotalSeconds;
    public double Ratio => ImportRowsPerSecond / BaselineRowsPerSecond;
}

/// <summary>
/// `bench ingest`: the product's import of a generated file into a fresh SQLite database, against a
/// baseline that inserts the same activity rows with one prepared Microsoft.Data.Sqlite INSERT in one
/// transaction into another fresh database. The baseline does no parsing, no reference resolution and no
/// bookkeeping: it is the ceiling, and the ratio says how much of it the real pipeline keeps.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<IngestBenchmarkResult> RunAsync(int rows, int seed, string folder, int batchSize, bool chronological, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var generator = new ActivityFileGenerator(rows, seed, chronological);
        var file = Path.Combine(folder, "activities.csv");
        await generator.WriteCsvAsync(file, ct);

        var productDb = Path.Combine(folder, "import.db");
        var baselineDb = Path.Combine(folder, "baseline.db");
        foreach (var path in new[] { productDb, baselineDb })
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(path + suffix);
        }

        using var host = BuildHost(productDb, batchSize);
        IngestionResult result;
        TimeSpan importTime;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
            var sync = scope.ServiceProvider.GetRequiredService<SourceSync>();
            var watch = Stopwatch.StartNew();
            result = await sync.ImportAsync("bench", ActivityCsvConnector.KindName, file, new IngestionRequest("bench"), null, ct);
            importTime = watch.Elapsed;
        }

        var baselineTime = await RunBaselineAsync(generator, baselineDb, new IngestionOptions().SqliteCacheSizeMiB, ct);
        SqliteConnection.ClearAllPools();
        return new IngestBenchmarkResult(rows, importTime, result.Inserted, baselineTime, folder);
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
    private static async Task<TimeSpan> RunBaselineAsync(ActivityFileGenerator generator, string databasePath, int cacheSizeMiB, CancellationToken ct)
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

        var watch = Stopwatch.StartNew();
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

        return watch.Elapsed;
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

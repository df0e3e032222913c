using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The floor of `bench aggregate` (issue 20, target 1) and the aggregation's connection settings (ADR 2001), on a small
/// synthetic history of the benchmark's generator. No timing is asserted: figures belong in BENCHMARKS.md.
/// </summary>
public sealed class RecomputeFloorTests
{
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_floor_reads_every_activity_and_writes_back_exactly_the_rows_of_the_recompute()
    {
        await using var database = await TestDatabase.CreateAsync();
        var history = new BenchHistory(seed: 7, people: 30, Start);
        await history.WriteOrganisationAsync(database.ConnectionString, CancellationToken.None);
        await history.WriteActivitiesAsync(database.ConnectionString, 3_000, firstDay: 0, days: 12, CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            var result = await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance)
                .RunAsync(full: true, CancellationToken.None);
            Assert.Equal(12, result.Days);
        }

        var before = await SnapshotAsync(database);
        Assert.True(before["DailyPersonMetrics"].Count > 0 && before["PointsEntries"].Count > 0 && before["DailyPairReuses"].Count > 0);

        var floor = await RecomputeFloor.MeasureAsync(database.ConnectionString, CancellationToken.None);

        Assert.Equal(3_000, floor.Activities);
        Assert.Equal(before.Values.Sum(rows => rows.Count), floor.RowsWritten);
        var after = await SnapshotAsync(database);
        foreach (var table in RecomputeFloor.Tables)
            Assert.Equal(before[table], after[table]);
    }

    [Fact]
    public async Task The_aggregation_gives_its_connection_back_with_the_settings_it_found()
    {
        await using var database = await TestDatabase.CreateAsync();
        var history = new BenchHistory(seed: 7, people: 10, Start);
        await history.WriteOrganisationAsync(database.ConnectionString, CancellationToken.None);
        await history.WriteActivitiesAsync(database.ConnectionString, 500, firstDay: 0, days: 3, CancellationToken.None);
        await using var db = database.CreateContext();
        // Opened by the caller, so the aggregation's open and close keep it: the same connection, as a pooled one would be.
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Execute(connection, "PRAGMA cache_size = -3000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 900;");

        long? cacheInSession = null;
        var result = await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance)
            .RunAsync(full: true, CancellationToken.None);
        using (var session = SqliteWriteSession.Begin(connection))
            cacheInSession = Scalar(connection, "PRAGMA cache_size;");

        Assert.Equal(3, result.Days);
        Assert.Equal(-SqliteWriteSession.CacheSizeMiB * 1024L, cacheInSession);
        Assert.Equal(-3000, Scalar(connection, "PRAGMA cache_size;"));
        Assert.Equal(2, Scalar(connection, "PRAGMA synchronous;"));
        Assert.Equal(900, Scalar(connection, "PRAGMA wal_autocheckpoint;"));
    }

    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, List<string>>();
        foreach (var table in RecomputeFloor.Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(string.Join('|', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }

            rows.Sort(StringComparer.Ordinal);
            tables[table] = rows;
        }

        return tables;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

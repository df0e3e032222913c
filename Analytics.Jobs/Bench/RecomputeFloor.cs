using System.Diagnostics;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.Data.Sqlite;

namespace Analytics.Jobs.Bench;

/// <summary>What the floor pass read and wrote, and how long it took.</summary>
public sealed record FloorResult(long Activities, long RowsWritten, TimeSpan Elapsed, TimeSpan Cpu);

/// <summary>
/// The floor of a full recompute on this machine and database (issue 20, target 1): one pass reading every activity
/// with the columns the aggregation needs (the persons and bot flags behind actor and author accounts), plus writing
/// the rows a recompute produced with one prepared INSERT per table, all in one transaction. No grouping, no rules,
/// no deletes, no per-day commits: what no recompute can go below.
/// </summary>
public static class RecomputeFloor
{
    /// <summary>The tables a recompute writes (badges excluded: a second full run awards none, they are never taken back).</summary>
    public static readonly IReadOnlyList<string> Tables = ["DailyPersonMetrics", "DailyFlows", "DailyPairReuses", "PointsEntries"];

    // The columns of ActivityFact, as Aggregator.FactsOf reads them, in table order: no ORDER BY, the cheapest single pass.
    private const string ReadSql = """
        SELECT a."Id", a."Type", a."OccurredAt", a."Quantity", a."ItemId", actor."PersonId", actor."IsBot", author."PersonId", author."IsBot"
        FROM "Activities" AS a
        LEFT JOIN "SourceAccounts" AS actor ON actor."Id" = a."ActorAccountId"
        LEFT JOIN "KnowledgeItems" AS i ON i."Id" = a."ItemId"
        LEFT JOIN "SourceAccounts" AS author ON author."Id" = i."AuthorAccountId"
        """;

    /// <summary>
    /// Measures the floor on a database a full recompute has just run on. Untimed first: the recompute's rows are kept
    /// in memory and deleted, so the timed pass writes exactly them into the same tables and indexes, and the database
    /// ends as the recompute left it.
    /// </summary>
    public static async Task<FloorResult> MeasureAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        // The aggregation's settings: the floor differs from the recompute in work, not in tuning.
        Execute(connection, null, SqliteActivityBulkWriter.ConnectionPragmas(SqliteWriteSession.CacheSizeMiB));

        var captured = new List<(string Table, string[] Columns, List<object[]> Rows)>();
        foreach (var table in Tables)
            captured.Add(Capture(connection, table));
        await using (var clear = (SqliteTransaction)await connection.BeginTransactionAsync(ct))
        {
            foreach (var table in Tables)
                Execute(connection, clear, $"DELETE FROM \"{table}\"");
            await clear.CommitAsync(ct);
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var activities = Read(connection, transaction, ct);
        long written = 0;
        foreach (var (table, columns, rows) in captured)
            written += Write(connection, transaction, table, columns, rows, ct);
        await transaction.CommitAsync(ct);
        return new FloorResult(activities, written, watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static long Read(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadSql;
        using var reader = command.ExecuteReader();
        long count = 0, sum = 0;
        while (reader.Read())
        {
            if (++count % 65_536 == 0)
                ct.ThrowIfCancellationRequested();
            // Each value converted to the type the aggregation uses, as a materializer would.
            sum += reader.GetInt64(0) + reader.GetInt32(1) + reader.GetDateTime(2).Ticks + (long)reader.GetDouble(3)
                   + (reader.IsDBNull(4) ? 0 : reader.GetInt64(4))
                   + (reader.IsDBNull(5) ? 0 : reader.GetInt32(5)) + (!reader.IsDBNull(6) && reader.GetBoolean(6) ? 1 : 0)
                   + (reader.IsDBNull(7) ? 0 : reader.GetInt32(7)) + (!reader.IsDBNull(8) && reader.GetBoolean(8) ? 1 : 0);
        }

        // The sum only keeps the reads from being optimised away; a count of zero would mean no history.
        GC.KeepAlive(sum);
        return count;
    }

    private static (string Table, string[] Columns, List<object[]> Rows) Capture(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(values);
        }

        return (table, columns, rows);
    }

    private static long Write(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns, List<object[]> rows, CancellationToken ct)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i}"))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"${i}", null))).ToArray();
        insert.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = row[i];
            insert.ExecuteNonQuery();
        }

        ct.ThrowIfCancellationRequested();
        return rows.Count;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

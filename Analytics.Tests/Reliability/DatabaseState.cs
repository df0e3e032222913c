using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Reliability;

/// <summary>
/// Checksums of what a database holds, by natural keys rather than identity ids (which two databases may
/// assign differently), read with plain SQL so that nothing of the product's own code judges itself.
/// </summary>
public static class DatabaseState
{
    /// <summary>Activities as source, source event id, occurred at, actor, type, item, quantity.</summary>
    public static Task<string> ActivitiesAsync(string path) => ChecksumAsync(path, """
        SELECT s."Name", a."SourceEventId", a."OccurredAt", acc."ExternalId", a."Type", i."ExternalId", a."Quantity"
        FROM "Activities" a
        JOIN "SourceSystems" s ON s."Id" = a."SourceSystemId"
        LEFT JOIN "SourceAccounts" acc ON acc."Id" = a."ActorAccountId"
        LEFT JOIN "KnowledgeItems" i ON i."Id" = a."ItemId"
        ORDER BY s."Name", a."SourceEventId"
        """);

    public static Task<string> AccountsAsync(string path) => ChecksumAsync(path, """
        SELECT s."Name", acc."ExternalId", acc."DisplayName", acc."Email", acc."Username", acc."IsBot", e."EmployeeNumber"
        FROM "SourceAccounts" acc
        JOIN "SourceSystems" s ON s."Id" = acc."SourceSystemId"
        JOIN "Persons" p ON p."Id" = acc."PersonId"
        LEFT JOIN "Employees" e ON e."Id" = p."EmployeeId"
        ORDER BY s."Name", acc."ExternalId"
        """);

    public static Task<string> ItemsAsync(string path) => ChecksumAsync(path, """
        SELECT s."Name", i."ExternalId", i."Title", i."Url", i."Kind", author."ExternalId", parent."ExternalId"
        FROM "KnowledgeItems" i
        JOIN "SourceSystems" s ON s."Id" = i."SourceSystemId"
        LEFT JOIN "SourceAccounts" author ON author."Id" = i."AuthorAccountId"
        LEFT JOIN "KnowledgeItems" parent ON parent."Id" = i."ParentItemId"
        ORDER BY s."Name", i."ExternalId"
        """);

    /// <summary>The days marked for aggregation (not when they were marked).</summary>
    public static Task<string> DirtyDaysAsync(string path) => ChecksumAsync(path, "SELECT \"Day\" FROM \"DirtyDays\" ORDER BY \"Day\"");

    /// <summary>Every column but the surrogate Id, rows in the order of all columns: for two copies of one database.</summary>
    public static async Task<string> TableAsync(string path, string table)
    {
        var columns = new List<string>();
        await using (var connection = await OpenAsync(path))
        {
            await using var info = connection.CreateCommand();
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                columns.Add(reader.GetString(0));
        }

        var kept = string.Join(", ", columns.Where(c => c != "Id").Select(c => $"\"{c}\""));
        return await ChecksumAsync(path, $"SELECT {kept} FROM \"{table}\" ORDER BY {kept}");
    }

    /// <summary>The rows of a query (joined to stable keys by the caller), as a checksum to compare two databases.</summary>
    public static Task<string> RowsAsync(string path, string sql) => ChecksumAsync(path, sql);

    public static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task<string?> CursorAsync(string path)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Cursor\" FROM \"SourceSystems\"";
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Folds the WAL into the main file, so that copying the file copies the whole database.</summary>
    public static async Task CheckpointAsync(string path)
    {
        await using (var connection = await OpenAsync(path))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Steps <paramref name="writers"/>: pauses them (SIGSTOP), counts with <paramref name="countSql"/>, and lets them run
    /// again for about a millisecond, until the count is at most <paramref name="atMost"/>; then leaves them paused, so that
    /// the count is the state a writer is killed in however fast its transactions are. True once paused there; false when
    /// one ended first. Taking the database's write lock instead lost the race to a writer that begins its next transaction
    /// at once: an aggregation of 45 small days committed every day while the lock was awaited (CI of 992126a and of
    /// d7b37a1: 0 of 45 days left).
    /// </summary>
    public static async Task<bool> PauseWhenAsync(IReadOnlyList<CliProcess> writers, string path, string countSql, long atMost, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(writers);
        await using var connection = await OpenAsync(path);
        await using var count = connection.CreateCommand();
        count.CommandText = countSql;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var writer in writers)
                writer.Pause();
            if (writers.Any(w => w.HasExited))
                return false;
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) <= atMost)
                return true;
            foreach (var writer in writers)
                writer.Resume();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{countSql}' stayed above {atMost} for {timeout}.");
            await Task.Delay(1);
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<string> ChecksumAsync(string path, string sql)
    {
        await using var connection = await OpenAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var line = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++)
                line.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
            hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\n').ToString()));
            rows++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{rows} rows, sha256 {Convert.ToHexString(hash.GetHashAndReset())}");
    }
}

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
    /// Steps <paramref name="writer"/>: pauses it (SIGSTOP), counts with <paramref name="countSql"/>, and lets it run again
    /// for about a millisecond, until the count is at most <paramref name="atMost"/>; then leaves it paused, so that the count
    /// is the state it is killed in however fast its transactions are. True once paused there; false when it ended first.
    /// Taking the database's write lock instead (<see cref="LockWritesWhenAsync"/>) lost the race to a writer that begins its
    /// next transaction at once: an aggregation of 45 small days committed every day while the lock was awaited (CI of
    /// 992126a and of d7b37a1: 0 of 45 days left).
    /// </summary>
    public static async Task<bool> PauseWhenAsync(CliProcess writer, string path, string countSql, long atMost, TimeSpan timeout)
    {
        await using var connection = await OpenAsync(path);
        await using var count = connection.CreateCommand();
        count.CommandText = countSql;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            writer.Pause();
            if (writer.HasExited)
                return false;
            if (Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) <= atMost)
                return true;
            writer.Resume();
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{countSql}' stayed above {atMost} for {timeout}.");
            await Task.Delay(1);
        }
    }

    /// <summary>
    /// Takes the database's write lock (BEGIN IMMEDIATE) every few milliseconds and counts with
    /// <paramref name="countSql"/> while holding it, until the count is at most <paramref name="atMost"/>; then keeps the
    /// lock until disposed: a process writing to the database stops at its next write, so a test can kill it there
    /// however fast its transactions are (an aggregation of 45 small days took a few milliseconds a day). The count is
    /// read under the lock, so it is the state at the kill: counting first and locking after let the writer commit every
    /// remaining day while the lock was awaited (CI of 992126a: 0 of 45 days left). The connection waits in SQLite's own
    /// busy handler (short sleeps), not in the provider's retry loop. Null when <paramref name="ended"/> says the writer
    /// ended first.
    /// </summary>
    public static async Task<WriteLock?> LockWritesWhenAsync(string path, string countSql, long atMost, Func<bool> ended, TimeSpan timeout)
    {
        var connection = await OpenAsync(path);
        try
        {
            await ExecuteAsync(connection, "PRAGMA busy_timeout = 30000");
            await using var count = connection.CreateCommand();
            count.CommandText = countSql;
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                await ExecuteAsync(connection, "BEGIN IMMEDIATE");
                if (Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) <= atMost)
                    return new WriteLock(connection);
                await ExecuteAsync(connection, "ROLLBACK");

                if (ended())
                {
                    await connection.DisposeAsync();
                    return null;
                }

                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"'{countSql}' stayed above {atMost} for {timeout}.");
                await Task.Delay(2);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The write lock of <see cref="LockWritesWhenAsync"/>: disposing it rolls back (nothing was written) and closes.</summary>
    public sealed class WriteLock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync(connection, "ROLLBACK");
            await connection.DisposeAsync();
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

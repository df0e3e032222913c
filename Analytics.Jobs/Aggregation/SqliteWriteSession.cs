using System.Globalization;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.Data.Sqlite;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// The settings of the product's SQLite bulk writers for one run on an open connection, and the connection's own settings
/// back afterwards (ADR 2001). A full recompute with SQLite's defaults (2 MB page cache, a WAL checkpoint every 1,000
/// pages, synchronous=FULL) spent most of its time in the kernel and the page cache: every day's rows land all over the
/// (PersonId, Day) indexes, so pages were read back from the file again and again, and checkpoints copied the same pages
/// into it after almost every day. The connection goes back to the pool afterwards, where web requests use it, so it
/// leaves with what it came with.
/// </summary>
public sealed class SqliteWriteSession : IDisposable
{
    /// <summary>The aggregation's page cache; allocated only as pages are used, and given back when the run ends.</summary>
    public const int CacheSizeMiB = 128;

    private readonly SqliteConnection _connection;
    private readonly string _restore;

    private SqliteWriteSession(SqliteConnection connection, string restore)
    {
        _connection = connection;
        _restore = restore;
    }

    public static SqliteWriteSession Begin(SqliteConnection connection)
    {
        var restore = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA cache_size = {Read(connection, "cache_size")}; PRAGMA synchronous = {Read(connection, "synchronous")}; PRAGMA wal_autocheckpoint = {Read(connection, "wal_autocheckpoint")};");
        Execute(connection, SqliteActivityBulkWriter.ConnectionPragmas(CacheSizeMiB));
        return new SqliteWriteSession(connection, restore);
    }

    public void Dispose()
    {
        // A connection that the run's failure closed has no settings left to restore.
        if (_connection.State == System.Data.ConnectionState.Open)
            Execute(_connection, _restore);
    }

    private static long Read(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

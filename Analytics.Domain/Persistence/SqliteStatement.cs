using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Analytics.Domain.Persistence;

/// <summary>
/// A read-only statement stepped on SQLite's own statement handle, for the few reads of millions of narrow rows (ADR 2301).
/// Microsoft.Data.Sqlite's data reader costs about 1.5 µs a row of seven columns (each value is two calls into SQLite,
/// its type and then its value, each through a safe handle); stepping the statement and reading each value once took the
/// year of the expertise roll-up on the 5M benchmark database from 4.4 to 2.4 s. A NULL reads as 0 or an empty string
/// (ask <see cref="IsNull"/> first where a column may hold one); parameters are bound as SQLite stores EF's values (a date as its ISO text).
/// </summary>
public sealed class SqliteStatement : IRowValues, IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly TimeSpan _timeout;
    private bool _started;
    private string?[]? _lastText;
    private byte[]?[]? _lastBytes;
    private int[]? _lastLength;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement, TimeSpan timeout)
    {
        _db = db;
        _statement = statement;
        _timeout = timeout;
    }

    /// <summary>
    /// Prepares <paramref name="sql"/> on <paramref name="connection"/> (open) and binds <paramref name="parameters"/> to ?1,
    /// ?2, …; a statement that would write is refused before it runs. While another connection holds a lock that keeps it out (SQLITE_BUSY or SQLITE_LOCKED), the preparation and
    /// the first step are tried again for up to <paramref name="timeout"/>, as Microsoft.Data.Sqlite does for its commands.
    /// </summary>
    public static SqliteStatement Prepare(SqliteConnection connection, TimeSpan timeout, string sql, params object[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        sqlite3_stmt statement;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        int rc;
        while (IsBusy(rc = raw.sqlite3_prepare_v2(db, sql, out statement)) && waited.Elapsed < timeout)
        {
            statement.Dispose();
            Thread.Sleep(RetryDelay);
        }

        Check(rc, db);
        if (raw.sqlite3_stmt_readonly(statement) == 0)
        {
            statement.Dispose();
            throw new InvalidOperationException($"Only statements that read are stepped here, not: {sql}");
        }

        var prepared = new SqliteStatement(db, statement, timeout);
        try
        {
            for (var i = 0; i < parameters.Length; i++)
                prepared.Bind(i + 1, parameters[i]);
            return prepared;
        }
        catch
        {
            prepared.Dispose();
            throw;
        }
    }

    /// <summary>The next row; false after the last.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (!_started)
        {
            // Before the first row nothing was read, so the statement can be reset and stepped again.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (IsBusy(rc) && waited.Elapsed < _timeout)
            {
                raw.sqlite3_reset(_statement);
                Thread.Sleep(RetryDelay);
                rc = raw.sqlite3_step(_statement);
            }

            _started = true;
        }

        if (rc == raw.SQLITE_ROW)
            return true;
        if (rc == raw.SQLITE_DONE)
            return false;
        Check(rc, _db);
        return false;
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public int GetInt32(int column) => raw.sqlite3_column_int(_statement, column);

    public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    public double GetDouble(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>The column's day as EF's SQLite provider stores it (<c>yyyy-MM-dd</c>), read digit by digit.</summary>
    public DateOnly GetDate(int column)
    {
        var bytes = raw.sqlite3_column_blob(_statement, column);
        if (StoredTimes.TryParseDate(bytes, out var day))
            return day;
        return bytes.IsEmpty
            ? throw new InvalidCastException($"Column {column} holds NULL or no text, not a day as EF stores one.")
            : DateOnly.Parse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The column's time as EF's SQLite provider stores it (text, <c>yyyy-MM-dd HH:mm:ss</c> with the fraction of a second
    /// only when there is one), of kind Unspecified as the provider's reader gives it. That shape is read digit by digit;
    /// any other text is parsed as the provider's reader parses it (invariant culture). DateTime.Parse cost a tenth of the
    /// overview's trend on the 5M benchmark database (two times on each of 230,000 rows).
    /// </summary>
    public DateTime GetDateTime(int column)
    {
        // The value's text at once (its type first would be one more call into SQLite a value): a NULL reads as no text.
        var bytes = raw.sqlite3_column_blob(_statement, column);
        if (StoredTimes.TryParse(bytes, out var time))
            return time;
        return bytes.IsEmpty
            ? throw new InvalidCastException($"Column {column} holds NULL or no text, not a time as EF stores one.")
            : DateTime.Parse(Encoding.UTF8.GetString(bytes), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The column's text (UTF-8 as SQLite stores it). A value equal to the one this column held on the previous read is the
    /// same string instance, neither decoded nor allocated again: rows stored in the order of a text column (the expertise
    /// roll-up in the order of its topics, ADR 2302) repeat it from row to row, and a caller may compare references.
    /// </summary>
    public string GetString(int column)
    {
        var bytes = raw.sqlite3_column_blob(_statement, column);
        if (_lastText is null)
        {
            var columns = raw.sqlite3_column_count(_statement);
            _lastText = new string?[columns];
            _lastBytes = new byte[]?[columns];
            _lastLength = new int[columns];
        }

        if ((uint)column >= (uint)_lastText.Length)
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The statement has {_lastText.Length} columns.");
        var buffer = _lastBytes![column];
        if (_lastText[column] is { } last && bytes.SequenceEqual(buffer.AsSpan(0, _lastLength![column])))
            return last;
        var text = Encoding.UTF8.GetString(bytes);
        // The bytes are kept in a buffer of the column's, grown when needed: a column of all different texts costs no more
        // than the decoding it cost before.
        if (buffer is null || buffer.Length < bytes.Length)
            _lastBytes[column] = buffer = new byte[Math.Max(bytes.Length, 64)];
        bytes.CopyTo(buffer);
        _lastLength![column] = bytes.Length;
        _lastText[column] = text;
        return text;
    }

    public void Dispose() => _statement.Dispose();

    private void Bind(int index, object value)
    {
        var rc = value switch
        {
            int i => raw.sqlite3_bind_int(_statement, index, i),
            long l => raw.sqlite3_bind_int64(_statement, index, l),
            double d => raw.sqlite3_bind_double(_statement, index, d),
            string s => raw.sqlite3_bind_text(_statement, index, s),
            // EF's SQLite provider stores a DateOnly as yyyy-MM-dd text, a DateTime as yyyy-MM-dd HH:mm:ss with the fraction
            // of a second only when there is one.
            DateOnly day => raw.sqlite3_bind_text(_statement, index, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            DateTime time => raw.sqlite3_bind_text(_statement, index, time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            _ => throw new ArgumentException($"A parameter of type {value?.GetType().Name ?? "null"} is not bound by this reader.", nameof(value)),
        };
        Check(rc, _db);
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private static bool IsBusy(int rc) => rc is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, db);
    }
}

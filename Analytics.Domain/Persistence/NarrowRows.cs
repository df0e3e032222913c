using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Analytics.Domain.Persistence;

/// <summary>The current row of <see cref="NarrowRows.ReadAsync"/>, by column ordinal.</summary>
public interface IRowValues
{
    bool IsNull(int column);

    int GetInt32(int column);

    long GetInt64(int column);

    double GetDouble(int column);

    string GetString(int column);

    /// <summary>A time as the provider stores it (SQLite: EF's text; SQL Server: datetime2), of kind Unspecified.</summary>
    DateTime GetDateTime(int column);

    /// <summary>A day as the provider stores it (SQLite: EF's <c>yyyy-MM-dd</c> text; SQL Server: date).</summary>
    DateOnly GetDate(int column);
}

/// <summary>
/// Reads of hundreds of thousands to millions of narrow rows (a few integer, real or text columns) that are mapped by
/// hand, for the monthly report's largest reads (ADR 2301). On SQLite the statement is stepped on SQLite's own handle
/// (<see cref="SqliteStatement"/>): Microsoft.Data.Sqlite's data reader costs about twice as much a row (each value is two
/// calls into SQLite), and EF's materializer more again (a year of the expertise roll-up on the 5M benchmark database:
/// 7.5 CPU s through EF, 4.4 through the data reader, 2.4 stepped). Elsewhere (and with <c>throughProvider</c>) through
/// EF's command pipeline: its logging, timeout and interceptors, and the provider's data reader.
/// </summary>
public static class NarrowRows
{
    /// <summary>
    /// The rows of <paramref name="sql"/>, with <c>{0}</c>, <c>{1}</c>, … for <paramref name="parameters"/> (never input
    /// pasted into the text), mapped by <paramref name="map"/> while the row is current. Table and column names are
    /// bracketed and prefixed with <see cref="AnalyticsDbContext.SchemaPrefix"/> by the caller, valid on both providers.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        AnalyticsDbContext db, string sql, object[] parameters, Func<IRowValues, T> map, [EnumeratorCancellation] CancellationToken ct,
        bool throughProvider = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(map);
        ct.ThrowIfCancellationRequested();
        if (!throughProvider && db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var numbered = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql,
                    Enumerable.Range(1, parameters.Length).Select(i => (object)$"?{i}").ToArray());
                using var statement = SqliteStatement.Prepare(sqlite, TimeSpan.FromSeconds(db.Database.GetCommandTimeout() ?? 30), numbered, parameters);
                var rows = 0;
                while (statement.Read())
                {
                    if (++rows % 4096 == 0)
                        ct.ThrowIfCancellationRequested();
                    yield return map(statement);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            yield break;
        }

        var command = db.GetService<IRawSqlCommandBuilder>().Build(sql, parameters);
        await using var reader = await command.RelationalCommand.ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), command.ParameterValues, readerColumns: null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery), ct);
        var values = new ReaderValues(reader.DbDataReader);
        while (await reader.ReadAsync(ct))
            yield return map(values);
    }

    private sealed class ReaderValues(DbDataReader reader) : IRowValues
    {
        public bool IsNull(int column) => reader.IsDBNull(column);

        public int GetInt32(int column) => Convert.ToInt32(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

        public long GetInt64(int column) => Convert.ToInt64(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

        public double GetDouble(int column) => Convert.ToDouble(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

        public string GetString(int column) => reader.GetString(column);

        public DateTime GetDateTime(int column) => reader.GetDateTime(column);

        public DateOnly GetDate(int column) => DateOnly.FromDateTime(reader.GetDateTime(column));
    }
}

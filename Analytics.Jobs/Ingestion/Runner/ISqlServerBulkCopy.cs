using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// The one thing the SQL Server bulk writer sends past EF Core: rows streamed into a table with the TDS
/// bulk-load protocol. Kept behind this edge so the server-less provider check can record it like any EF command.
/// </summary>
public interface ISqlServerBulkCopy
{
    Task CopyAsync(DbConnection connection, DbTransaction transaction, DataTable rows, string destinationTable, CancellationToken ct);
}

/// <summary><see cref="SqlBulkCopy"/> on the context's own connection and transaction.</summary>
public sealed class SqlServerBulkCopy : ISqlServerBulkCopy
{
    public async Task CopyAsync(DbConnection connection, DbTransaction transaction, DataTable rows, string destinationTable, CancellationToken ct)
    {
        var sqlConnection = connection as SqlConnection
            ?? throw new InvalidOperationException($"SqlBulkCopy needs a SqlConnection, not {connection.GetType().Name}.");
        var sqlTransaction = transaction as SqlTransaction
            ?? throw new InvalidOperationException($"SqlBulkCopy needs a SqlTransaction, not {transaction.GetType().Name}.");
        using var bulk = new SqlBulkCopy(sqlConnection, SqlBulkCopyOptions.Default, sqlTransaction);
        bulk.DestinationTableName = destinationTable;
        bulk.BatchSize = rows.Rows.Count;
        foreach (DataColumn column in rows.Columns)
            bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        await bulk.WriteToServerAsync(rows, ct);
    }
}

using System.Data;
using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Ingestion.Sql;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// SqlBulkCopy into a session temp table, then one MERGE into analytics.Activities: a round trip per
/// batch instead of per row. The T-SQL lives in Sql/*.sql (embedded), parsed by a test with ScriptDom.
/// </summary>
public sealed class SqlServerActivityBulkWriter(ISqlServerBulkCopy bulkCopy) : IActivityBulkWriter
{
    private static readonly string CreateStaging = SqlScripts.Load(SqlScripts.CreateActivityStaging);
    private static readonly string Merge = SqlScripts.Load(SqlScripts.MergeActivities);

    public Task PrepareConnectionAsync(AnalyticsDbContext db, CancellationToken ct) => Task.CompletedTask;

    /// <summary>EF batches inserts on SQL Server well enough for items; no hand-written T-SQL needed.</summary>
    public async Task InsertItemsAsync(AnalyticsDbContext db, IReadOnlyList<KnowledgeItem> items, CancellationToken ct)
    {
        db.KnowledgeItems.AddRange(items);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>EF inserts the new persons through the accounts' navigation and batches both on SQL Server.</summary>
    public async Task InsertAccountsAsync(AnalyticsDbContext db, IReadOnlyList<SourceAccount> accounts, CancellationToken ct)
    {
        db.SourceAccounts.AddRange(accounts);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Rows per MERGE statement. With HOLDLOCK a merged row takes up to two key locks per index (the range probe and the
    /// insert); SQL Server escalates a statement to a table lock at about 5,000 locks on one index, which would block
    /// every other writer of Activities until the batch commits (ADR 1403). A batch of any size is merged in such chunks.
    /// </summary>
    public const int MergeChunkRows = 2_000;

    public static IEnumerable<ActivityRow[]> MergeChunks(IReadOnlyList<ActivityRow> rows) => rows.Chunk(MergeChunkRows);

    public async Task<BulkWriteResult> WriteAsync(AnalyticsDbContext db, IReadOnlyList<ActivityRow> rows, CancellationToken ct)
    {
        var inserted = 0;
        var days = new HashSet<DateOnly>();
        foreach (var chunk in MergeChunks(rows))
        {
            var (count, chunkDays) = await MergeAsync(db, chunk, ct);
            inserted += count;
            days.UnionWith(chunkDays);
        }

        return new BulkWriteResult(inserted, days);
    }

    private async Task<(int Inserted, HashSet<DateOnly> Days)> MergeAsync(AnalyticsDbContext db, ActivityRow[] rows, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The SQL Server bulk writer runs inside the runner's transaction.");

        // The staging DDL and the MERGE go through EF's command pipeline (its command timeout, logging and
        // interceptors) on the context's connection and transaction; only the bulk load needs SqlClient itself.
        await db.Database.ExecuteSqlRawAsync(CreateStaging, ct);

        using (var table = ToDataTable(rows))
            await bulkCopy.CopyAsync(db.Database.GetDbConnection(), transaction, table, "#ActivityStaging", ct);

        var inserted = 0;
        var days = new HashSet<DateOnly>();
        var merge = db.GetService<IRawSqlCommandBuilder>().Build(Merge);
        await using var reader = await merge.ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), parameterValues: null, readerColumns: null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw), ct);
        while (await reader.ReadAsync(ct))
        {
            inserted++;
            days.Add(DateOnly.FromDateTime(reader.DbDataReader.GetDateTime(0)));
        }

        return (inserted, days);
    }

    public static DataTable ToDataTable(IReadOnlyList<ActivityRow> rows)
    {
        var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        table.Columns.Add("SourceSystemId", typeof(int));
        table.Columns.Add("SourceEventId", typeof(string));
        table.Columns.Add("Type", typeof(int));
        table.Columns.Add("ActorAccountId", typeof(int));
        table.Columns.Add("ItemId", typeof(long));
        table.Columns.Add("OccurredAt", typeof(DateTime));
        table.Columns.Add("Quantity", typeof(double));
        table.Columns.Add("SyncRunId", typeof(long));
        foreach (var row in rows)
        {
            table.Rows.Add(row.SourceSystemId, row.SourceEventId, (int)row.Type,
                row.ActorAccountId is { } actor ? actor : DBNull.Value,
                row.ItemId is { } item ? item : DBNull.Value,
                row.OccurredAtUtc, row.Quantity, row.SyncRunId);
        }

        return table;
    }
}

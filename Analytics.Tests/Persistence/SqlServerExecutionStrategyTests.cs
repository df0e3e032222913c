using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Persistence;

/// <summary>
/// ADR 1401: no retrying execution strategy on SQL Server. With <c>EnableRetryOnFailure()</c> every
/// <c>BeginTransactionAsync</c> of the product (ingestion batch, aggregation day, purge, awards...) threw
/// "does not support user-initiated transactions" before any SQL was sent, and every query was buffered.
/// </summary>
public sealed class SqlServerExecutionStrategyTests
{
    [Fact]
    public async Task A_user_initiated_transaction_starts_on_the_production_sql_server_options()
    {
        using var server = new SqlServerOfflineServer();
        using var scope = server.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.Equal(DatabaseProvider.SqlServer, db.Provider);

        await using (var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted))
        {
            Assert.Same(transaction, db.Database.CurrentTransaction);
            await transaction.CommitAsync();
        }

        // Outside a transaction the provider still sends commands (the stand-in transaction is no SqlTransaction).
        await db.DirtyDays.Where(d => d.Day < new DateOnly(2026, 1, 1)).ExecuteDeleteAsync();
        Assert.Contains(server.Commands.Recorded, c => c.Sql.Contains("DELETE FROM [d]", StringComparison.Ordinal));
    }

    [Fact]
    public void Queries_are_not_buffered_for_retries_so_the_raw_export_streams()
    {
        using var server = new SqlServerOfflineServer();
        using var scope = server.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();

        Assert.False(db.Database.CreateExecutionStrategy().RetriesOnFailure);
    }
}

using Analytics.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Analytics.Web.Hosting;

/// <summary>
/// Healthy when the database can be read, not only opened: opening a SQLite file reads nothing, so a damaged
/// file (bad header, overwritten pages) passed a connect-only check. Reading the migration history touches the
/// schema and one table, cheap enough for a probe (a full integrity check is O(size) and stays an operator task).
/// </summary>
public sealed class DatabaseHealthCheck(AnalyticsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var file = db.Database.GetDbConnection().DataSource;
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Count();
            return HealthCheckResult.Healthy($"{file}: {applied} migration(s) applied");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One line an operator can act on: which file, what is wrong; the exception stays attached for the log.
            return new HealthCheckResult(context.Registration.FailureStatus, OneLine($"{file}: {Problem(ex.GetBaseException())}"), ex);
        }
    }

    private static string Problem(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT } damaged =>
            $"the database file is damaged and cannot be read; restore it from a backup ({damaged.Message})",
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } busy =>
            $"the database is locked by another connection ({busy.Message})",
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_CANTOPEN } cannotOpen =>
            $"the database file cannot be opened ({cannotOpen.Message})",
        _ => $"the database cannot be read ({ex.Message})",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

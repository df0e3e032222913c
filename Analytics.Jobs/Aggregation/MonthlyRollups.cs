using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// The monthly roll-ups of the person-day rows (ADR 2011): one mechanism for every month-grained read. The aggregator
/// rewrites a month's rows from that month's day rows in the transaction of the last day of the month it recomputes in a
/// run; readers of whole months read them instead of the day rows, and get the same figures.
/// </summary>
public static class MonthlyRollups
{
    /// <summary>
    /// Replaces the month's roll-up rows with the sums of its day rows. One INSERT ... SELECT GROUP BY in the database:
    /// nothing crosses the connection but the statement. Bracketed names are valid on both SQLite and SQL Server; the
    /// schema comes from the connection's default (SQL Server's migrations create the tables in it, ADR 1410).
    /// </summary>
    public static async Task RewriteAsync(AnalyticsDbContext db, DateOnly month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = Aggregator.MonthOf(month);
        var end = first.AddMonths(1);
        await db.MonthlyPersonMetrics.Where(m => m.Month == first).ExecuteDeleteAsync(ct);
        var schema = db.SchemaPrefix;
        // Table and schema names are constants of the model, never input; the values are parameters.
#pragma warning disable EF1003
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {schema}[MonthlyPersonMetrics] ([Month], [PersonId], [Type], [DepartmentId], [Count], [Quantity], [CrossTeam]) " +
            $"SELECT {{0}}, [PersonId], [Type], [DepartmentId], SUM([Count]), SUM([Quantity]), SUM([CrossTeam]) FROM {schema}[DailyPersonMetrics] " +
            "WHERE [Day] >= {0} AND [Day] < {1} GROUP BY [PersonId], [Type], [DepartmentId]",
            [first, end], ct);
#pragma warning restore EF1003
    }

    /// <summary>
    /// Whether the period is a run of whole calendar months (a month, a quarter, a year, a range of months): those are
    /// read from the roll-ups; any other range reads the day rows.
    /// </summary>
    public static bool Covers(ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.From.Day == 1 && period.To.AddDays(1).Day == 1;
    }
}

using System.Globalization;
using Analytics.Domain.Knowledge;
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
    /// Replaces the month's roll-up rows with the sums of its day rows, and the month's person totals (ADR 2304) with the
    /// sums of those roll-ups. One INSERT ... SELECT GROUP BY each in the database: nothing crosses the connection but the
    /// statements. Bracketed names are valid on both SQLite and SQL Server; the schema comes from the connection's
    /// default (SQL Server's migrations create the tables in it, ADR 1410).
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
        await db.MonthlyPersonTotals.Where(m => m.Month == first).ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {schema}[MonthlyPersonTotals] ([Month], [PersonId], [DepartmentId], [ContributionRows], [Contributions], [Reuse], [CrossTeam], [Completions], [MentoringHours]) " +
            $"SELECT [Month], [PersonId], [DepartmentId], {TotalsSums} FROM {schema}[MonthlyPersonMetrics] " +
            "WHERE [Month] = {0} GROUP BY [Month], [PersonId], [DepartmentId]",
            [first], ct);
#pragma warning restore EF1003
    }

    /// <summary>
    /// The person totals' columns summed from roll-up rows (the company line's rules, MetricsQuery's Totals): the
    /// activity types are constants of the code, written into the statement (SQL Server allows no subquery in an aggregate).
    /// Also the migration's backfill of existing databases.
    /// </summary>
    public static string TotalsSums
    {
        get
        {
            static string In(Func<ActivityType, bool> which) =>
                "[Type] IN (" + string.Join(", ", ActivityTypes.All.Where(which).Select(t => ((int)t).ToString(CultureInfo.InvariantCulture))) + ")";
            var contribution = In(t => t.IsContribution());
            var reuse = In(t => t.IsReuse());
            var completed = ((int)ActivityType.Completed).ToString(CultureInfo.InvariantCulture);
            var mentored = ((int)ActivityType.Mentored).ToString(CultureInfo.InvariantCulture);
            return $"SUM(CASE WHEN {contribution} THEN 1 ELSE 0 END), SUM(CASE WHEN {contribution} THEN [Count] ELSE 0 END), " +
                   $"SUM(CASE WHEN {reuse} THEN [Quantity] ELSE 0.0 END), SUM(CASE WHEN {reuse} THEN [CrossTeam] ELSE 0.0 END), " +
                   $"SUM(CASE WHEN [Type] = {completed} THEN [Count] ELSE 0 END), SUM(CASE WHEN [Type] = {mentored} THEN [Quantity] ELSE 0.0 END)";
        }
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

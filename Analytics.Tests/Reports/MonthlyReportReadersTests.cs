using System.Collections.Concurrent;
using System.Data.Common;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Metrics.Support;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Analytics.Tests.Reports;

/// <summary>
/// The monthly report reads knowledge at risk and the practices scorecard each on a context of its own, beside the other
/// sheets' reads (ADR 1864), and writes the same sheets as when everything is read on one connection.
/// </summary>
public sealed class MonthlyReportReadersTests
{
    private static readonly ReportingPeriod October = ReportingPeriod.Parse("2026-10");

    [Fact]
    public async Task Knowledge_at_risk_and_the_scorecard_are_read_on_connections_of_their_own_and_give_the_sheets_of_one_connection()
    {
        await using var w = await WorldAsync();
        var statements = new Statements();
        await using var db = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>()
            .UseSqlite(w.Database.ConnectionString).AddInterceptors(statements).Options);

        var beside = await BuildAsync(db, w);

        // The readers' contexts carry the same interceptors. The expertise roll-up is read on a connection of its own; the
        // stale items on two: October's by the report (for the Barriers sheet), September's by the scorecard beside it.
        var expertise = statements.ConnectionsOf("MonthlyExpertise");
        var stale = statements.ConnectionsOf("-- " + BarriersQuery.StaleItemsTag);
        Assert.Single(expertise);
        Assert.Equal(2, stale.Count);
        Assert.Empty(expertise.Intersect(stale));

        // One open connection object cannot be shared by two contexts: the report then reads everything on it, in turn.
        await using var connection = new SqliteConnection(w.Database.ConnectionString);
        await connection.OpenAsync();
        await using var single = new SqliteAnalyticsDbContext(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>().UseSqlite(connection).Options);
        Assert.Null(single.CreateConcurrentReader());
        var alone = await BuildAsync(single, w);

        var rows = Cells(beside, MonthlyReportBuilder.KnowledgeAtRiskSheet);
        Assert.Contains(rows, r => r.Contains("rust", StringComparison.Ordinal));
        Assert.Equal(Cells(alone, MonthlyReportBuilder.KnowledgeAtRiskSheet), rows);
        Assert.Equal(Cells(alone, MonthlyReportBuilder.PracticesSheet), Cells(beside, MonthlyReportBuilder.PracticesSheet));
    }

    [Theory]
    [InlineData("Data Source=:memory:", false)]
    [InlineData("Data Source=report;Mode=Memory", false)]
    [InlineData("Data Source=report;Mode=Memory;Cache=Shared", true)]
    [InlineData("Data Source=/tmp/analytics.db", true)]
    public void A_concurrent_reader_is_made_only_where_a_second_connection_opens_the_same_database(string connectionString, bool expected)
    {
        using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, connectionString);
        using var reader = db.CreateConcurrentReader();
        Assert.Equal(expected, reader is not null);
    }

    private static Task<byte[]> BuildAsync(AnalyticsDbContext db, MetricsWorld w)
    {
        var barriers = new BarriersQuery(db, w.Clock);
        var builder = new MonthlyReportBuilder(db, new MetricsQuery(db), new LeaderboardQuery(db), barriers,
            new PracticesQuery(db, barriers, new CommunityHealthQuery(db, w.Clock)), Options.Create(new MonthlyReportOptions()), new CommunityHealthQuery(db, w.Clock));
        return builder.BuildAsync(October, w.Clock.GetUtcNow(), CancellationToken.None);
    }

    private static List<string> Cells(byte[] bytes, string sheetName)
    {
        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
        return workbook.Worksheet(sheetName).RowsUsed()
            .Select(r => string.Join("|", r.CellsUsed().Select(c => c.GetString()))).ToList();
    }

    /// <summary>Two people writing and reusing items on two topics in September and October, aggregated (roll-up written).</summary>
    private static async Task<MetricsWorld> WorldAsync()
    {
        var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a1 = await w.PersonAsync("a1", company);
        var b1 = await w.PersonAsync("b1", company);
        var rust = await w.ItemAsync(a1);
        var go = await w.ItemAsync(b1);
        rust.Topics = "rust";
        go.Topics = "go, rust";
        await w.Db.SaveChangesAsync();
        await w.ActAsync(ActivityType.Authored, a1, rust, new DateTime(2026, 9, 1, 12, 0, 0, DateTimeKind.Utc)); // the data begins on 1 September
        await w.ActAsync(ActivityType.Authored, b1, go, new DateTime(2026, 10, 3, 12, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Viewed, b1, rust, new DateTime(2026, 10, 4, 12, 0, 0, DateTimeKind.Utc), 3);
        await w.ActAsync(ActivityType.Upvoted, a1, go, new DateTime(2026, 10, 5, 12, 0, 0, DateTimeKind.Utc));
        await w.AggregateAsync();
        return w;
    }

    /// <summary>Which connection object ran each statement (from any thread).</summary>
    private sealed class Statements : DbCommandInterceptor
    {
        private readonly ConcurrentBag<(DbConnection? Connection, string Text)> _seen = [];

        public List<DbConnection> ConnectionsOf(string fragment) =>
            _seen.Where(s => s.Text.Contains(fragment, StringComparison.Ordinal) && s.Connection is not null)
                .Select(s => s.Connection!).Distinct().ToList();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _seen.Add((command.Connection, command.CommandText));
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            _seen.Add((command.Connection, command.CommandText));
            return result;
        }
    }
}

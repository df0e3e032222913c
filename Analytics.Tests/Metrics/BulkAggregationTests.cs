using System.Globalization;
using System.Text;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The bulk recompute (ADR 2051: one transaction per month) writes exactly the rows of the day-by-day recompute (one
/// transaction per day) on the same history: every table the aggregation writes, row for row, after a first aggregation
/// of a seeded history and after a full recompute with a closed month and late activity.
/// </summary>
public sealed class BulkAggregationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Every table an aggregation run writes (badges included: they follow the person metrics).</summary>
    private static readonly string[] Tables =
    [
        "DailyPersonMetrics", "DailyFlows", "DailyPairReuses", "PointsEntries", "MonthlyPersonMetrics", "MonthlyExpertise",
        "BadgeAwards", "PendingBadgeChecks", "DirtyDays", "QuestionFacts", "AnswerFacts",
    ];

    [Theory]
    [InlineData(null, 2000, 4)] // the first transaction: four days
    [InlineData(100, 2000, 20)] // 2 s at 100 ms a day
    [InlineData(10, 2000, 31)] // at most a month
    [InlineData(5000, 2000, 1)] // at least a day
    [InlineData(100, 500, 5)] // Jobs:AggregationTransaction shorter
    [InlineData(null, 0, 1)] // zero: one day per transaction, from the first
    [InlineData(100, 0, 1)]
    public void A_bulk_transaction_holds_as_many_days_as_fit_its_target_time(int? perDayMs, int targetMs, int days) =>
        Assert.Equal(days, Aggregator.BulkChunkDays(
            perDayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, TimeSpan.FromMilliseconds(targetMs)));

    [Fact]
    public async Task The_bulk_recompute_writes_the_rows_of_the_day_by_day_recompute()
    {
        await using var dayByDay = await TestDatabase.CreateAsync();
        await using (var seed = dayByDay.CreateContext())
            await new DemoSeeder(seed, new SqliteActivityBulkWriter(64), new FakeTimeProvider(Now))
                .SeedAsync(new DemoOptions { Employees = 60, Months = 13, Seed = 7 }, CancellationToken.None);
        await using var bulk = await CopyAsync(dayByDay);

        var byDay = await AggregateAsync(dayByDay, full: false, bulk: false);
        var inBulk = await AggregateAsync(bulk, full: false, bulk: true);
        Assert.True(byDay.Days > 300, $"{byDay.Days} days aggregated");
        Assert.Equal(byDay.Days, inBulk.Days);
        Assert.Equal(byDay.Activities, inBulk.Activities);
        await AssertSameRowsAsync(dayByDay, bulk);

        // A closed month (its points frozen), late activity in it and in an open month, then a full recompute each way.
        foreach (var database in new[] { dayByDay, bulk })
        {
            await using var db = database.CreateContext();
            db.MonthCloses.Add(new MonthClose { Month = new DateOnly(2026, 6, 1), ClosedAt = Now, ClosedBy = "test" });
            var item = await db.KnowledgeItems.Where(i => i.AuthorAccountId != null).OrderBy(i => i.Id).FirstAsync();
            var reuser = await db.SourceAccounts.Where(a => a.Id != item.AuthorAccountId && !a.IsBot && a.SourceSystemId == item.SourceSystemId)
                .OrderBy(a => a.Id).FirstAsync();
            db.Activities.AddRange(
                new Activity { SourceSystemId = item.SourceSystemId, SourceEventId = "late:1", Type = ActivityType.Accepted, ActorAccountId = reuser.Id, ItemId = item.Id, OccurredAt = new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc) },
                new Activity { SourceSystemId = item.SourceSystemId, SourceEventId = "late:2", Type = ActivityType.Viewed, ActorAccountId = reuser.Id, ItemId = item.Id, OccurredAt = new DateTime(2026, 8, 3, 8, 0, 0, DateTimeKind.Utc), Quantity = 40 });
            await db.SaveChangesAsync();
        }

        await AggregateAsync(dayByDay, full: true, bulk: false);
        await AggregateAsync(bulk, full: true, bulk: true);
        await AssertSameRowsAsync(dayByDay, bulk);
    }

    private static async Task<AggregationResult> AggregateAsync(TestDatabase database, bool full, bool bulk)
    {
        await using var db = database.CreateContext();
        return await new Aggregator(db, new BadgeAwarder(db), new FakeTimeProvider(Now), NullLogger<Aggregator>.Instance)
            .RunAsync(full, CancellationToken.None, bulk: bulk);
    }

    private static async Task<TestDatabase> CopyAsync(TestDatabase source)
    {
        var copy = await TestDatabase.CreateAsync();
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection(source.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The copy is one file: everything in the write-ahead log is moved into it first.
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Copy(source.Path, copy.Path, overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(copy.Path + suffix);
        return copy;
    }

    private static async Task AssertSameRowsAsync(TestDatabase expected, TestDatabase actual)
    {
        foreach (var table in Tables)
        {
            var want = await RowsAsync(expected, table);
            var got = await RowsAsync(actual, table);
            Assert.True(table is "PendingBadgeChecks" or "DirtyDays" || want.Count > 0, $"{table} has rows to compare");
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
                Assert.True(want[i] == got[i], $"{table} row {i}: day by day {want[i]}, in bulk {got[i]}");
        }
    }

    /// <summary>A table's rows as text, every column but a generated Id, in the order of all those columns.</summary>
    private static async Task<List<string>> RowsAsync(TestDatabase database, string table)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Id' ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                columns.Add(reader.GetString(0));
        }

        Assert.NotEmpty(columns);
        var list = string.Join(", ", columns.Select(c => $"[{c}]"));
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {list} FROM [{table}] ORDER BY {list}";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                    row.Append(columns[i]).Append('=').Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append(';');
                rows.Add(row.ToString());
            }
        }

        return rows;
    }
}

using System.Text;
using System.Globalization;
using System.Data;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Topics;
using Analytics.Tests.Metrics.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Persistence;

/// <summary>
/// Narrow rows (ADR 2301): on SQLite the statement is stepped on SQLite's own handle; what it reads must be what the
/// provider's data reader reads for the same statement, and its parameters must select what EF's queries select.
/// </summary>
public sealed class NarrowRowsTests
{
    private static readonly DateTime November = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_expertise_roll_up_stepped_on_SQLite_equals_the_provider_reader_row_for_row()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a1 = await w.PersonAsync("a1", company);
        var a2 = await w.PersonAsync("a2", company);
        var page = await w.ItemAsync(a1);
        var thread = await w.ItemAsync(a2, kind: "question");
        page.Topics = "kotlin|gradle";
        thread.Topics = "gärtnern";
        await w.Db.SaveChangesAsync();
        await w.ActAsync(ActivityType.Authored, a1, page, new DateTime(2026, 10, 2, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Upvoted, a2, page, new DateTime(2026, 10, 3, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Viewed, a2, page, new DateTime(2026, 10, 3, 10, 0, 0, DateTimeKind.Utc), quantity: 2.5);
        await w.ActAsync(ActivityType.Commented, a1, thread, new DateTime(2026, 10, 4, 9, 0, 0, DateTimeKind.Utc));
        await w.ActAsync(ActivityType.Authored, a2, thread, new DateTime(2026, 11, 4, 9, 0, 0, DateTimeKind.Utc));
        await w.AggregateAsync();

        foreach (var month in new[] { new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1) })
        {
            foreach (var scoresOnly in new[] { false, true })
            {
                var stepped = await ExpertiseEvidence.ReadMonthAsync(w.Db, month, scoresOnly, CancellationToken.None).ToListAsync();
                var provider = await ExpertiseEvidence.ReadMonthAsync(w.Db, month, scoresOnly, CancellationToken.None, throughProvider: true).ToListAsync();
                Assert.NotEmpty(stepped);
                Assert.Equal(provider, stepped);
            }
        }

        var october = await ExpertiseEvidence.ReadMonthAsync(w.Db, new DateOnly(2026, 10, 1), scoresOnly: false, CancellationToken.None).ToListAsync();
        Assert.Contains(october, r => r.Topics == "gärtnern");
        Assert.Contains(october, r => r.Quantity == 2.5);
        Assert.Equal(ConnectionState.Closed, w.Db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task Times_are_bound_as_EF_stores_them_so_a_range_selects_what_EF_selects()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var author = await w.PersonAsync("author", company);
        var reader = await w.PersonAsync("reader", company);
        var item = await w.ItemAsync(author);
        // The edges of November, with and without a fraction of a second, and an anonymous reader (no account).
        foreach (var at in new[]
                 {
                     November.AddTicks(-1), November, November.AddMilliseconds(500), November.AddDays(30).AddTicks(-1),
                     November.AddDays(30), November.AddDays(30).AddSeconds(1),
                 })
        {
            await w.ActAsync(ActivityType.Viewed, reader, item, at);
        }

        await w.ActAsync(ActivityType.Viewed, null, item, November.AddDays(3));
        var (start, end) = (November, November.AddDays(30));

        var expected = await w.Db.Activities.AsNoTracking()
            .Where(a => a.OccurredAt >= start && a.OccurredAt < end)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.ActorAccountId }).ToListAsync();
        var sql = $"SELECT [Id], [ActorAccountId] FROM {w.Db.SchemaPrefix}[Activities] WHERE [OccurredAt] >= {{0}} AND [OccurredAt] < {{1}} ORDER BY [Id]";
        foreach (var throughProvider in new[] { false, true })
        {
            var actual = await NarrowRows.ReadAsync(w.Db, sql, [start, end],
                r => new { Id = r.GetInt64(0), ActorAccountId = r.IsNull(1) ? (int?)null : r.GetInt32(1) }, CancellationToken.None, throughProvider).ToListAsync();
            Assert.Equal(expected, actual);
        }

        Assert.Equal(4, expected.Count);
        Assert.Contains(expected, a => a.ActorAccountId is null);
    }

    [Fact]
    public async Task Times_read_stepped_equal_the_provider_readers_with_and_without_a_fraction_of_a_second()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var reader = await w.PersonAsync("reader", company);
        var item = await w.ItemAsync(reader);
        DateTime[] times = [November, November.AddTicks(1), November.AddMilliseconds(500), November.AddDays(29).AddTicks(-1), new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc)];
        foreach (var at in times)
            await w.ActAsync(ActivityType.Viewed, reader, item, at);

        var sql = $"SELECT [OccurredAt] FROM {w.Db.SchemaPrefix}[Activities] WHERE [Id] > {{0}} ORDER BY [Id]";
        var stepped = await NarrowRows.ReadAsync(w.Db, sql, [0L], r => r.GetDateTime(0), CancellationToken.None).ToListAsync();
        var provider = await NarrowRows.ReadAsync(w.Db, sql, [0L], r => r.GetDateTime(0), CancellationToken.None, throughProvider: true).ToListAsync();

        Assert.Equal(times.Select(t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified)), stepped);
        Assert.Equal(provider, stepped);
        Assert.All(stepped, t => Assert.Equal(DateTimeKind.Unspecified, t.Kind));
    }

    [Theory]
    [InlineData("2026-11-01 00:00:00")]
    [InlineData("2026-11-01 13:14:15.5")]
    [InlineData("2026-11-01 13:14:15.0000001")]
    [InlineData("2024-02-29 23:59:59.9999999")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59.9999999")]
    public void A_stored_time_reads_as_DateTime_Parse_reads_it(string text)
    {
        Assert.True(StoredTimes.TryParse(Encoding.UTF8.GetBytes(text), out var time));
        Assert.Equal(DateTime.Parse(text, CultureInfo.InvariantCulture), time);
        Assert.Equal(DateTimeKind.Unspecified, time.Kind);
    }

    [Theory]
    [InlineData("2026-11-01")]
    [InlineData("2026-11-01T13:14:15")]
    [InlineData("2026-11-01 13:14:15.")]
    [InlineData("2026-11-01 13:14:15.12345678")]
    [InlineData("2026-11-01 13:14:15+01:00")]
    [InlineData("2026-02-30 00:00:00")]
    [InlineData("2026-11-01 24:00:00")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("2026-1a-01 00:00:00")]
    [InlineData("")]
    public void Any_other_text_is_left_to_the_general_parser(string text) =>
        Assert.False(StoredTimes.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public async Task A_text_repeated_from_row_to_row_is_the_same_string_and_every_text_reads_as_stored()
    {
        await using var w = await MetricsWorld.CreateAsync();
        await using var connection = new SqliteConnection(w.Database.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE [Texts] ([Id] INTEGER PRIMARY KEY, [Text] TEXT NULL);");
        // Equal lengths that differ (gärtnern / gartnern+1 byte, kotlin|a / kotlin|b), a NULL, a repeat after another value.
        string?[] stored = ["kotlin|a", "kotlin|a", "kotlin|b", "kotlin|b", "gärtnern", "gartnern!", null, "", "kotlin|a"];
        for (var i = 0; i < stored.Length; i++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO [Texts] ([Id], [Text]) VALUES ($id, $text)";
            insert.Parameters.AddWithValue("$id", i);
            insert.Parameters.AddWithValue("$text", (object?)stored[i] ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }

        using var statement = SqliteStatement.Prepare(connection, TimeSpan.FromSeconds(5), "SELECT [Text], [Id] FROM [Texts] WHERE [Id] >= ?1 ORDER BY [Id]", 0);
        var read = new List<string>();
        while (statement.Read())
            read.Add(statement.GetString(0));

        Assert.Equal(stored.Select(t => t ?? ""), read);
        Assert.Same(read[0], read[1]);
        Assert.Same(read[2], read[3]);
        Assert.NotSame(read[1], read[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => statement.GetString(2));
    }

    [Fact]
    public async Task A_failing_or_writing_statement_is_refused_with_the_reason_and_leaves_the_connection_as_it_found_it()
    {
        await using var w = await MetricsWorld.CreateAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(async () =>
            await NarrowRows.ReadAsync(w.Db, "SELECT [Id] FROM [NoSuchTable] WHERE [Id] > {0}", [1], r => r.GetInt32(0), CancellationToken.None).ToListAsync());
        Assert.Contains("no such table: NoSuchTable", error.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, w.Db.Database.GetDbConnection().State);

        // Reads only: a statement that writes is refused before it runs.
        var company = await w.DepartmentAsync("CO");
        var writes = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await NarrowRows.ReadAsync(w.Db, "DELETE FROM [Departments] WHERE [Id] = {0}", [company.Id], r => r.GetInt32(0), CancellationToken.None).ToListAsync());
        Assert.Contains("Only statements that read", writes.Message, StringComparison.Ordinal);
        Assert.Equal(1, await w.Db.Departments.CountAsync());
        Assert.Equal(ConnectionState.Closed, w.Db.Database.GetDbConnection().State);

        var unbound = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await NarrowRows.ReadAsync(w.Db, "SELECT 1 WHERE {0} IS NOT NULL", [Guid.Empty], r => r.GetInt32(0), CancellationToken.None).ToListAsync());
        Assert.Contains("Guid", unbound.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, w.Db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task A_read_left_early_finalizes_its_statement_and_the_context_reads_and_writes_on()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var person = await w.PersonAsync("p", company);
        var item = await w.ItemAsync(person);
        for (var i = 0; i < 5; i++)
            await w.ActAsync(ActivityType.Viewed, null, item, November.AddHours(i));

        await foreach (var id in NarrowRows.ReadAsync(w.Db, $"SELECT [Id] FROM {w.Db.SchemaPrefix}[Activities] WHERE [Id] > {{0}}", [0L], r => r.GetInt64(0), CancellationToken.None))
        {
            Assert.True(id > 0);
            break;
        }

        Assert.Equal(ConnectionState.Closed, w.Db.Database.GetDbConnection().State);
        // The context writes on after the early exit, and another connection sees the write.
        await w.ActAsync(ActivityType.Viewed, null, item, November.AddHours(9));
        await using var other = new SqliteConnection(w.Database.ConnectionString);
        await other.OpenAsync();
        await using var count = other.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM \"Activities\"";
        Assert.Equal(6L, (long)(await count.ExecuteScalarAsync())!);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await NarrowRows.ReadAsync(w.Db, $"SELECT [Id] FROM {w.Db.SchemaPrefix}[Activities] WHERE [Id] > {{0}}", [0L], r => r.GetInt64(0), cancelled.Token).ToListAsync());
    }

    [Fact]
    public async Task A_read_kept_out_by_a_writers_lock_waits_for_it_up_to_the_command_timeout()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var person = await w.PersonAsync("p", company);
        var item = await w.ItemAsync(person);
        await w.ActAsync(ActivityType.Viewed, null, item, November);
        var sql = $"SELECT [Id] FROM {w.Db.SchemaPrefix}[Activities] WHERE [Id] > {{0}}";

        // An exclusive lock in the rollback journal keeps every reader out until it ends (in WAL, readers go on).
        await using var writer = new SqliteConnection(w.Database.ConnectionString);
        await writer.OpenAsync();
        await ExecuteAsync(writer, "PRAGMA journal_mode=DELETE;");
        // The context's connection is opened before the lock is taken, so that what waits is the statement (the test
        // world's PRAGMA on opening a connection would wait too, with a timeout of its own).
        await w.Db.Database.OpenConnectionAsync();
        await ExecuteAsync(writer, "BEGIN EXCLUSIVE;");

        var read = Task.Run(async () => await NarrowRows.ReadAsync(w.Db, sql, [0L], r => r.GetInt64(0), CancellationToken.None).ToListAsync());
        await Task.Delay(300);
        Assert.False(read.IsCompleted, "the read should wait while the writer holds its lock");
        await ExecuteAsync(writer, "COMMIT;");

        Assert.Single(await read);

        // Held longer than the command timeout: the read gives up and says why.
        w.Db.Database.SetCommandTimeout(1);
        await ExecuteAsync(writer, "BEGIN EXCLUSIVE;");

        var error = await Assert.ThrowsAsync<SqliteException>(async () =>
            await NarrowRows.ReadAsync(w.Db, sql, [0L], r => r.GetInt64(0), CancellationToken.None).ToListAsync());
        Assert.Contains("database is locked", error.Message, StringComparison.Ordinal);
        await w.Db.Database.CloseConnectionAsync();
        await ExecuteAsync(writer, "COMMIT;");
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

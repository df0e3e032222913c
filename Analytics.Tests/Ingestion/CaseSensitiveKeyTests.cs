using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Tests.Persistence;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Ingestion;

/// <summary>
/// Issue 14, finding 2 (docs/adr/1410): identifiers are case-sensitive. SQL Server's default collation is not,
/// and no SQL Server runs here, so the failure class is reproduced on SQLite by declaring the identifier
/// columns COLLATE NOCASE, which is what a case-insensitive server collation does to the same keys.
/// </summary>
public sealed class CaseSensitiveKeyTests
{
    // A case-only Git rename (Readme.md -> README.md), usernames differing by case, event ids differing by case.
    private const string Csv = """
        event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity
        ev-1,2026-10-01T09:00:00Z,carol,,authored,Readme.md,,,page,carol,,
        EV-1,2026-10-01T09:05:00Z,Carol,,edited,README.md,,,page,Carol,,
        """;

    private static readonly (string Table, string Column)[] IdentifierColumns =
        [("Activities", "SourceEventId"), ("KnowledgeItems", "ExternalId"), ("SourceAccounts", "ExternalId")];

    [Fact]
    public async Task Identifiers_differing_only_by_case_are_all_stored()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await WithCsvAsync(Csv + "\n", path => host.ImportAsync(ActivityCsvConnector.KindName, path));

        Assert.Equal((SyncRunStatus.Succeeded, 2L, 0L, 0L), (result.Status, result.Inserted, result.Duplicates, result.Rejected));
        Assert.Equal(["EV-1", "ev-1"], await host.QueryAsync(db => db.Activities.Select(a => a.SourceEventId).OrderBy(e => e).ToListAsync()));
        Assert.Equal(["README.md", "Readme.md"], await host.QueryAsync(db => db.KnowledgeItems.Select(i => i.ExternalId).OrderBy(e => e).ToListAsync()));
        Assert.Equal(["Carol", "carol"], await host.QueryAsync(db => db.SourceAccounts.Select(a => a.ExternalId).OrderBy(e => e).ToListAsync()));
    }

    private const string Header = "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity\n";

    [Theory]
    [InlineData("a case-only Git rename", "ev-1,2026-10-01T09:00:00Z,carol,,authored,Readme.md,,,page,carol,,\nev-2,2026-10-01T09:05:00Z,carol,,edited,README.md,,,page,carol,,\n")]
    [InlineData("usernames differing by case", "ev-1,2026-10-01T09:00:00Z,carol,,authored,page-1,,,page,carol,,\nev-2,2026-10-01T09:05:00Z,Carol,,edited,page-1,,,page,carol,,\n")]
    public async Task With_case_insensitive_keys_the_batch_fails_on_a_unique_index(string what, string rows)
    {
        await using var host = await IngestionHost.CreateAsync();
        MakeIdentifiersCaseInsensitive(host.Database.ConnectionString);

        // SQL Server's error 2601 under its default collation; SQLite's 19 (constraint) here. Nothing is
        // committed, and the same batch would fail again on every retry.
        var error = await Assert.ThrowsAsync<SqliteException>(() => WithCsvAsync(Header + rows, path => host.ImportAsync(ActivityCsvConnector.KindName, path)));
        Assert.True(error.SqliteErrorCode == 19 && error.Message.Contains("UNIQUE", StringComparison.Ordinal), $"{what}: {error.Message}");
        Assert.Equal(0, await host.QueryAsync(db => db.Activities.CountAsync()));
    }

    [Fact]
    public async Task With_case_insensitive_keys_an_event_id_differing_by_case_is_dropped_as_a_duplicate()
    {
        await using var host = await IngestionHost.CreateAsync();
        MakeIdentifiersCaseInsensitive(host.Database.ConnectionString);

        var result = await WithCsvAsync(Header + "ev-1,2026-10-01T09:00:00Z,carol,,authored,page-1,,,page,carol,,\nEV-1,2026-10-01T09:05:00Z,carol,,edited,page-1,,,page,carol,,\n",
            path => host.ImportAsync(ActivityCsvConnector.KindName, path));

        // Silently: the run succeeds and reports the second event as one already stored.
        Assert.Equal((SyncRunStatus.Succeeded, 1L, 1L), (result.Status, result.Inserted, result.Duplicates));
        Assert.Equal(["ev-1"], await host.QueryAsync(db => db.Activities.Select(a => a.SourceEventId).ToListAsync()));
    }

    [Fact]
    public async Task The_models_identifier_keys_are_case_sensitive_on_both_providers()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var (table, column) in IdentifierColumns)
        {
            // SQLite: the unique index compares the column with BINARY (its default), never NOCASE.
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT x.coll FROM pragma_index_list('{table}') AS l, pragma_index_xinfo(l.name) AS x
                WHERE l."unique" = 1 AND x.name = '{column}'
                """;
            Assert.Equal("BINARY", (string?)await command.ExecuteScalarAsync());

            // SQL Server: the same column has the binary collation in the model the migrations come from.
            Assert.Equal(SqlServerAnalyticsDbContext.BinaryCollation, SqlServerModel.Table(table).FindColumn(column)!.Collation);
        }
    }

    [Fact]
    public async Task The_case_insensitive_rewrite_changes_every_identifier_column()
    {
        // Guards the NOCASE test: it proves something only if the rewrite took effect.
        await using var database = await TestDatabase.CreateAsync();
        MakeIdentifiersCaseInsensitive(database.ConnectionString);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var (table, column) in IdentifierColumns)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT x.coll FROM pragma_index_list('{table}') AS l, pragma_index_xinfo(l.name) AS x WHERE l.\"unique\" = 1 AND x.name = '{column}'";
            Assert.Equal("NOCASE", (string?)await command.ExecuteScalarAsync());
        }
    }

    /// <summary>
    /// Declares the identifier columns COLLATE NOCASE in the (still empty) schema, so the unique indexes on them
    /// compare case-insensitively, as they would under SQL Server's default collation.
    /// </summary>
    private static void MakeIdentifiersCaseInsensitive(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA writable_schema = ON;" + string.Concat(IdentifierColumns.Select(c => $"""
            UPDATE sqlite_schema SET sql = replace(sql, '"{c.Column}" TEXT NOT NULL', '"{c.Column}" TEXT NOT NULL COLLATE NOCASE')
            WHERE type = 'table' AND name = '{c.Table}';
            """)) + "PRAGMA writable_schema = OFF;";
        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }

    private static async Task<T> WithCsvAsync<T>(string csv, Func<string, Task<T>> import)
    {
        var path = Path.Combine(Path.GetTempPath(), $"case-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv);
        try
        {
            return await import(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Tests.Ingestion;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.SqlServer;

/// <summary>
/// The opt-in release suite (issue 14, docs/sqlserver.md): runs against the SQL Server named by
/// ANALYTICS_SQLSERVER and is reported as skipped elsewhere. Each test creates and drops its own database.
/// </summary>
public sealed class SqlServerSuiteTests
{
    private const string Header = "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity\n";

    // Duplicate keys (ev-1 twice), an event id differing only by case (EV-1), a case-only Git rename
    // (Readme.md -> README.md) and usernames differing by case (carol, Carol).
    private const string CaseRows =
        "ev-1,2026-10-01T09:00:00Z,carol,,authored,Readme.md,,,page,carol,,\n" +
        "ev-1,2026-10-01T09:00:00Z,carol,,authored,Readme.md,,,page,carol,,\n" +
        "EV-1,2026-10-01T09:05:00Z,Carol,,edited,README.md,,,page,Carol,,\n";

    [SqlServerFact]
    public Task The_deploy_script_runs_twice_with_sqlcmds_defaults() => DeployTwiceAsync(quotedIdentifierSwitch: false);

    [SqlServerFact]
    public Task The_deploy_script_runs_twice_with_the_I_switch() => DeployTwiceAsync(quotedIdentifierSwitch: true);

    private static async Task DeployTwiceAsync(bool quotedIdentifierSwitch)
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        var script = Path.Combine(RepositoryRoot.Path, "sql", SqlServerDeployScript.FileName);
        await database.RunScriptAsync(script, quotedIdentifierSwitch);
        await database.RunScriptAsync(script, quotedIdentifierSwitch);

        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, database.ConnectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // The filtered indexes exist: under QUOTED_IDENTIFIER OFF they would fail while the migration was recorded.
        var filtered = await database.ScalarAsync<int>("SELECT COUNT(*) FROM sys.indexes WHERE has_filter = 1;");
        Assert.Equal(3, filtered);
    }

    [SqlServerFact]
    public Task Ingestion_with_duplicate_keys_and_case_variants_in_a_database_collated_unlike_the_server_with_RCSI_on() =>
        IngestCaseVariantsAsync(readCommittedSnapshot: true);

    [SqlServerFact]
    public Task Ingestion_with_duplicate_keys_and_case_variants_in_a_database_collated_unlike_the_server_with_RCSI_off() =>
        IngestCaseVariantsAsync(readCommittedSnapshot: false);

    private static async Task IngestCaseVariantsAsync(bool readCommittedSnapshot)
    {
        // Temp tables take tempdb's (the server's) collation: a database collated otherwise is where Msg 468 came from.
        var collation = await ScratchSqlServerDatabase.CollationOtherThanTheServersAsync();
        await using var database = await ScratchSqlServerDatabase.CreateAsync(collation, readCommittedSnapshot);
        await using var host = await SqlServerHostAsync(database);

        var first = await WithCsvAsync(Header + CaseRows, path => host.ImportAsync(ActivityCsvConnector.KindName, path));
        var again = await WithCsvAsync(Header + CaseRows, path => host.ImportAsync(ActivityCsvConnector.KindName, path, fromStart: true));

        Assert.Equal((SyncRunStatus.Succeeded, 2L, 1L), (first.Status, first.Inserted, first.Duplicates));
        Assert.Equal((SyncRunStatus.Succeeded, 0L, 3L), (again.Status, again.Inserted, again.Duplicates));
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            Assert.Equal(["EV-1", "ev-1"], (await db.Activities.Select(a => a.SourceEventId).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(["README.md", "Readme.md"], (await db.KnowledgeItems.Select(i => i.ExternalId).ToListAsync()).Order(StringComparer.Ordinal));
            Assert.Equal(["Carol", "carol"], (await db.SourceAccounts.Select(a => a.ExternalId).ToListAsync()).Order(StringComparer.Ordinal));
            return 0;
        });
    }

    [SqlServerFact]
    public async Task Aggregation_runs_while_an_import_writes()
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        await using var host = await SqlServerHostAsync(database);
        var rows = string.Concat(Enumerable.Range(0, 20_000).Select(i =>
            $"ev-{i},2026-10-{1 + (i % 28):00}T09:00:00Z,user{i % 50},,authored,page-{i % 500},,,page,user{i % 7},,\n"));
        await WithCsvAsync(Header + rows[..(rows.Length / 2)], path => host.ImportAsync(ActivityCsvConnector.KindName, path, source: "first"));

        var import = WithCsvAsync(Header + rows, path => host.ImportAsync(ActivityCsvConnector.KindName, path, source: "second"));
        var aggregate = host.InScopeAsync(sp => sp.GetRequiredService<Aggregator>().RunAsync(full: false, CancellationToken.None));
        var (imported, aggregated) = (await import, await aggregate);

        Assert.Equal(SyncRunStatus.Succeeded, imported.Status);
        Assert.True(aggregated.Days > 0, "the aggregation found the first import's days");
        // Whatever the interleaving, a second run leaves the aggregates equal to a full rebuild's.
        await host.InScopeAsync(sp => sp.GetRequiredService<Aggregator>().RunAsync(full: false, CancellationToken.None));
        var incremental = await host.InScopeAsync(sp => sp.GetRequiredService<AnalyticsDbContext>().DailyPersonMetrics.SumAsync(m => m.Count));
        await host.InScopeAsync(sp => sp.GetRequiredService<Aggregator>().RunAsync(full: true, CancellationToken.None));
        var full = await host.InScopeAsync(sp => sp.GetRequiredService<AnalyticsDbContext>().DailyPersonMetrics.SumAsync(m => m.Count));
        Assert.Equal(full, incremental);
    }

    [SqlServerFact]
    public async Task Two_sources_meeting_the_same_new_employees_at_once_give_each_employee_one_person()
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        await using var host = await SqlServerHostAsync(database);
        await host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture("hr-directory-v1.csv"), source: "hr");
        // Both sources name the same five employees by e-mail, in one batch each: without the employee locks the
        // second batch to insert a person for an employee fails on the unique Persons.EmployeeId (2601).
        string[] emails = ["grace@example.com", "alice.smith@example.com", "bob@example.com", "carol.white@example.com", "dave@example.com"];
        string Csv(string prefix) => Header + string.Concat(emails.Select((e, i) =>
            $"{prefix}-{i},2026-10-0{1 + i}T09:00:00Z,{e},,authored,{prefix}-page-{i},,,page,{e},,\n"));

        var results = await Task.WhenAll(
            WithCsvAsync(Csv("wiki"), path => host.ImportAsync(ActivityCsvConnector.KindName, path, source: "wiki")),
            WithCsvAsync(Csv("qa"), path => host.ImportAsync(ActivityCsvConnector.KindName, path, source: "qa")));

        Assert.All(results, r => Assert.Equal(SyncRunStatus.Succeeded, r.Status));
        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            var personsPerEmployee = await db.Persons.Where(p => p.EmployeeId != null).GroupBy(p => p.EmployeeId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(5, personsPerEmployee.Count);
            Assert.All(personsPerEmployee, n => Assert.Equal(1, n));
            var accountsPerPerson = await db.SourceAccounts.Where(a => a.Person!.EmployeeId != null).GroupBy(a => a.PersonId).Select(g => g.Count()).ToListAsync();
            Assert.All(accountsPerPerson, n => Assert.Equal(2, n));
            return 0;
        });
    }

    private static async Task<IngestionHost> SqlServerHostAsync(ScratchSqlServerDatabase database)
    {
        var host = await IngestionHost.CreateAsync(batchSize: 1000, settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.SqlServer),
            ["Database:ConnectionString"] = database.ConnectionString,
        });
        await host.InScopeAsync(async sp =>
        {
            await new DatabaseInitializer(sp.GetRequiredService<AnalyticsDbContext>()).MigrateAsync(CancellationToken.None);
            return 0;
        });
        return host;
    }

    private static async Task<T> WithCsvAsync<T>(string csv, Func<string, Task<T>> import)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sqlserver-{Guid.NewGuid():N}.csv");
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

using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Ingestion;

/// <summary>The verbs as a user types them, against a database file given with --db.</summary>
public sealed class IngestionCliTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"cli-{Guid.NewGuid():N}");
    private string DatabasePath => Path.Combine(_folder, "cli.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        // Standard error joins the output: the tests read the messages a user sees, wherever they go.
        var run = await InProcessCli.RunAsync([.. args, "--db", DatabasePath]);
        return (run.Exit, run.Both);
    }

    private AnalyticsDbContext Open() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False");

    [Fact]
    public async Task Import_prints_a_summary_and_where_the_rejections_are()
    {
        var (exit, output) = await RunAsync("import", "activity-csv", IngestionHost.Fixture("activities-malformed.csv"), "--source", "files");

        Assert.Equal(0, exit);
        Assert.Contains("read 12, inserted 2, duplicates 0, rejected 10.", output, StringComparison.Ordinal);
        Assert.Contains("activities-malformed.csv:3: missing required field 'event_id'", output, StringComparison.Ordinal);
        Assert.Contains("Rejections table with SyncRunId = 1", output, StringComparison.Ordinal);
        await using var db = Open();
        Assert.Equal(2, await db.Activities.CountAsync());
    }

    [Fact]
    public async Task Sync_reruns_a_source_from_its_stored_location_and_adds_nothing_new()
    {
        Assert.Equal(0, (await RunAsync("import", "activity-jsonl", IngestionHost.Fixture("activities-good.jsonl"), "--source", "wiki")).Exit);

        var (exit, output) = await RunAsync("sync", "--source", "wiki");

        Assert.Equal(0, exit);
        Assert.Contains("source 'wiki' (run 2): read 0, inserted 0", output, StringComparison.Ordinal);
        await using var db = Open();
        Assert.Equal(8, await db.Activities.CountAsync());
    }

    [Fact]
    public async Task Sync_of_a_source_whose_export_is_gone_fails_cleanly_and_keeps_what_was_stored()
    {
        var copy = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "wiki-export.jsonl");
        File.Copy(IngestionHost.Fixture("activities-good.jsonl"), copy);
        Assert.Equal(0, (await RunAsync("import", "activity-jsonl", copy, "--source", "wiki")).Exit);
        File.Delete(copy);

        var (exit, output) = await RunAsync("sync", "--source", "wiki");

        Assert.Equal(1, exit);
        Assert.Contains("Sync of source 'wiki' failed:", output, StringComparison.Ordinal);
        await using var db = Open();
        Assert.Equal(8, await db.Activities.CountAsync());
        var run = await db.SyncRuns.OrderByDescending(r => r.Id).FirstAsync();
        Assert.Equal(Analytics.Domain.Sources.SyncRunStatus.Failed, run.Status);
        Assert.False(string.IsNullOrWhiteSpace(run.Error));
    }

    [Fact]
    public async Task Identities_verbs_list_and_accept_suggestions()
    {
        Assert.Equal(0, (await RunAsync("import", "hr-directory", IngestionHost.Fixture("hr-directory-v1.csv"), "--source", "hr")).Exit);
        Assert.Equal(0, (await RunAsync("import", "activity-csv", IngestionHost.Fixture("activities-good.csv"), "--source", "wiki")).Exit);

        var (exit, listing) = await RunAsync("identities", "suggestions");
        Assert.Equal(0, exit);
        Assert.Contains("E4 Carol White", listing, StringComparison.Ordinal);
        int suggestion;
        await using (var db = Open())
            suggestion = await db.IdentitySuggestions.Where(s => s.Employee!.EmployeeNumber == "E4").Select(s => s.Id).SingleAsync();

        Assert.Equal(0, (await RunAsync("identities", "accept", suggestion.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "hr-lead")).Exit);

        await using var after = Open();
        Assert.NotNull(await after.SourceAccounts.Where(a => a.ExternalId == "carol").Select(a => a.Person!.EmployeeId).SingleAsync());
    }

    [Fact]
    public async Task A_missing_file_is_refused_with_exit_code_2()
    {
        var (exit, _) = await RunAsync("import", "activity-csv", Path.Combine(_folder, "nope.csv"), "--source", "files");
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Bench_ingest_imports_the_generated_rows_and_prints_both_rates()
    {
        var work = Path.Combine(_folder, "bench");
        var (exit, output) = await RunAsync("bench", "ingest", "--rows", "300", "--batch-size", "100", "--work-dir", work);

        Assert.Equal(0, exit);
        Assert.Contains("300 inserted", output, StringComparison.Ordinal);
        Assert.Contains("ratio import/baseline", output, StringComparison.Ordinal);
        foreach (var name in new[] { "import.db", "baseline.db" })
        {
            await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(work, name)};Pooling=False");
            Assert.Equal(300, await db.Activities.CountAsync());
        }
    }
}

using System.Runtime.CompilerServices;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Retention;
using Analytics.Jobs.Scoring;
using Xunit.Abstractions;
using static Analytics.Tests.Persistence.SqlServer.ServerlessSqlServer;

namespace Analytics.Tests.Persistence.SqlServer;

/// <summary>
/// Every transactional unit on the production SQL Server configuration, without a server (ADR 1420): no provider
/// exception, every statement parses as T-SQL, none carries more than 2,100 parameters.
/// </summary>
public sealed class ServerlessSqlServerTests(ITestOutputHelper output)
{
    private static DateTime At(int day) => new(2026, 10, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Ingestion_batch_stages_and_merges_activities_and_inserts_accounts_persons_and_items()
    {
        await using var server = Create(settings: new Dictionary<string, string?> { ["Ingestion:BatchSize"] = "2500" });
        server.Answer("[SourceSystems]", Row(("Cursor", null), ("Location", null)));
        var records = Enumerable.Range(0, 3000).Select(SourceRecord (i) => new ActivityRecord(
            new RecordLocation("serverless", i), $"{i}", $"event-{i}", ActivityType.Viewed, At(1 + (i % 20)),
            new AccountRef($"user-{i % 700}", $"User {i % 700}", $"user{i % 700}@example.com", $"user{i % 700}"),
            new ItemRef($"page-{i % 400}", "page", $"Page {i % 400}")));

        var result = await server.RunAsync<IngestionRunner, IngestionResult>(r =>
            r.RunAsync(1, new Records([.. records]), new IngestionRequest("test"), null, CancellationToken.None));

        Assert.Null(result.Error);
        Assert.Equal(3000, result.Read);
        // Batches of 2,500 merged in chunks of at most 2,000 rows (ADR 1403).
        Assert.Equal([("#ActivityStaging", 2000), ("#ActivityStaging", 500), ("#ActivityStaging", 500)], server.BulkLoads.Select(b => (b.Table, b.Rows)));
        Assert.Contains(server.Commands, c => c.Text.Contains("MERGE", StringComparison.Ordinal) && c.Text.Contains("#ActivityStaging", StringComparison.Ordinal));
        server.AssertSound(output, minimumCommits: 2);
    }

    [Fact]
    public async Task Aggregation_day()
    {
        await using var server = Create();
        server.Answer("ORDER BY [d].[Day]", Row(("Day", new DateOnly(2026, 10, 1))));
        server.Answer("[Activities]", 3);
        await server.RunAsync<Aggregator>(a => a.RunAsync(full: false, CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Month_close()
    {
        await using var server = Create();
        await server.RunAsync<MonthCloser>(m => m.CloseAsync(new DateOnly(2026, 9, 1), "test", CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Retention_purge()
    {
        await using var server = Create(settings: new Dictionary<string, string?> { ["Retention:RawActivityMonths"] = "6" });
        server.Answer("ORDER BY [a].[OccurredAt], [a].[Id]", Row(("Id", 11L)), Row(("Id", 12L)));
        await server.RunAsync<RetentionPurger>(p => p.PurgeAsync(dryRun: false, "test", CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Scoring_rule_change()
    {
        await using var server = Create();
        await server.RunAsync<ScoringRuleStore>(s => s.ChangeAsync(
            new ScoringRuleChange(ActivityType.Authored, 5, 7, 10, 3, new DateOnly(2026, 11, 1)), "test", CancellationToken.None));
        server.AssertSound(output);
    }

    [Fact]
    public async Task Demo_seed()
    {
        await using var server = Create();
        await server.RunAsync<DemoSeeder>(d => d.SeedAsync(new DemoOptions { Employees = 60, Months = 2 }, CancellationToken.None));
        server.AssertSound(output);
    }

    private sealed class Records(IReadOnlyList<SourceRecord> records) : ISourceConnector
    {
        public string Kind => "serverless";

        public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
        {
            foreach (var record in records)
                yield return record;
            await Task.CompletedTask;
        }
    }
}

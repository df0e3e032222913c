using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Ingestion;

public sealed class ActivityImportTests
{
    private static readonly string GoodCsv = IngestionHost.Fixture("activities-good.csv");
    private static readonly string GoodJsonl = IngestionHost.Fixture("activities-good.jsonl");

    [Fact]
    public async Task Importing_the_same_file_twice_leaves_the_database_unchanged()
    {
        await using var host = await IngestionHost.CreateAsync();
        var first = await host.ImportAsync(ActivityCsvConnector.KindName, GoodCsv);
        var countsAfterFirst = await host.CountsAsync();
        var checksumAfterFirst = await host.ActivityChecksumAsync();

        // From the start, ignoring the cursor: every record is read again and is a duplicate.
        var second = await host.ImportAsync(ActivityCsvConnector.KindName, GoodCsv, fromStart: true);
        // With the cursor: nothing after the last committed line.
        var third = await host.ImportAsync(ActivityCsvConnector.KindName, GoodCsv);

        Assert.Equal((8, 8, 0, 0), (first.Read, first.Inserted, first.Duplicates, first.Rejected));
        Assert.Equal((8, 0, 8, 0), (second.Read, second.Inserted, second.Duplicates, second.Rejected));
        Assert.Equal((0, 0, 0), (third.Read, third.Inserted, third.Duplicates));
        Assert.Equal(countsAfterFirst, await host.CountsAsync());
        Assert.Equal(checksumAfterFirst, await host.ActivityChecksumAsync());
        Assert.Equal(8, countsAfterFirst.Activities);
    }

    [Fact]
    public async Task Csv_with_bom_and_quoted_line_breaks_is_read_with_utc_times_accounts_and_items()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(ActivityCsvConnector.KindName, GoodCsv);

        await host.QueryAsync(async db =>
        {
            var edited = await db.Activities.Include(a => a.ActorAccount).SingleAsync(a => a.SourceEventId == "wiki-3");
            Assert.Equal(new DateTime(2026, 10, 3, 4, 30, 0), edited.OccurredAt);
            Assert.Equal(ActivityType.Edited, edited.Type);
            Assert.Equal("carol", edited.ActorAccount!.ExternalId);

            var viewed = await db.Activities.SingleAsync(a => a.SourceEventId == "wiki-2");
            Assert.Equal(3, viewed.Quantity);

            var answer = await db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == "a-1");
            Assert.Equal("Multi\r\nline title", answer.Title);
            Assert.Equal("alice.smith@example.com", answer.AuthorAccount!.ExternalId);

            var question = await db.KnowledgeItems.SingleAsync(i => i.ExternalId == "q-1");
            Assert.Equal("How do I \"rebase\"?", question.Title);

            // The mixed-case e-mail is one account, stored lower-case.
            Assert.Single(await db.SourceAccounts.Where(a => a.Email == "alice.smith@example.com").ToListAsync());
            return 0;
        });
    }

    [Fact]
    public async Task Csv_and_json_lines_of_the_same_events_give_the_same_activities()
    {
        await using var csv = await IngestionHost.CreateAsync();
        await using var jsonl = await IngestionHost.CreateAsync();
        await csv.ImportAsync(ActivityCsvConnector.KindName, GoodCsv);
        var result = await jsonl.ImportAsync(ActivityJsonlConnector.KindName, GoodJsonl);

        Assert.Equal(8, result.Inserted);
        Assert.Equal(await csv.ActivityChecksumAsync(), await jsonl.ActivityChecksumAsync());
    }

    [Fact]
    public async Task Imported_days_are_marked_dirty_in_utc()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(ActivityCsvConnector.KindName, GoodCsv);

        var days = await host.QueryAsync(db => db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync());
        // 2026-10-02 23:30 -05:00 is the 3rd in UTC, so there is no 2nd.
        Assert.Equal(
            [new(2026, 10, 1), new(2026, 10, 3), new(2026, 10, 4), new(2026, 10, 5), new(2026, 10, 6)],
            days);
    }

    [Fact]
    public async Task A_run_records_its_counts_and_status()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-malformed.csv"));

        var run = await host.QueryAsync(db => db.SyncRuns.SingleAsync(r => r.Id == result.SyncRunId));
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal((12, 2, 0, 10), (run.Read, run.Inserted, run.Duplicates, run.Rejected));
        Assert.Equal(IngestionHost.Now, run.FinishedAt);
        Assert.Null(run.Error);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_fails_the_run_with_its_error()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"no-header-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "id,when,who\n1,2026-10-01T00:00:00Z,a@example.com\n");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.ImportAsync(ActivityCsvConnector.KindName, path));
            Assert.Contains("event_id", error.Message, StringComparison.Ordinal);
            var run = await host.QueryAsync(db => db.SyncRuns.SingleAsync());
            Assert.Equal(SyncRunStatus.Failed, run.Status);
            Assert.Contains("event_id", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

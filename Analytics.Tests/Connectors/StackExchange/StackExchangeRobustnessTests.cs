using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.StackExchange;

/// <summary>Idempotency, resume, malformed rows, broken files and DTDs.</summary>
public sealed class StackExchangeRobustnessTests
{
    [Fact]
    public async Task Reimporting_the_same_dump_adds_nothing()
    {
        await using var host = await IngestionHost.CreateAsync(batchSize: 100);
        var first = await host.ImportAsync("votes");
        var counts = await host.CountsAsync();
        var checksum = await host.ActivityChecksumAsync();

        // With the cursor: the finished dump is not read again.
        var again = await host.ImportAsync("votes");
        // Ignoring the cursor: every record is read again and is a duplicate.
        var fromStart = await host.ImportAsync("votes", fromStart: true);

        Assert.True(first.Inserted > 0);
        Assert.Equal((0, 0, 0), (again.Read, again.Inserted, again.Duplicates));
        Assert.Equal(0, fromStart.Inserted);
        // Everything comes again except the three view counts: they are imported in full, no difference is left.
        Assert.Equal(first.Inserted - 3, fromStart.Duplicates);
        Assert.Equal(counts, await host.CountsAsync());
        Assert.Equal(checksum, await host.ActivityChecksumAsync());
    }

    [Fact]
    public async Task An_interrupted_import_resumes_after_the_last_committed_row()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync("core");
        var checksum = await host.ActivityChecksumAsync();

        // As if the run had died after Posts.xml row 3: same dump, phase Posts (1), position 3.
        var stored = await host.QueryAsync(db => db.SourceSystems.Select(s => s.Cursor).SingleAsync());
        var done = DumpCursor.Parse(stored)!.Value;
        Assert.True(done.IsDone);
        await host.QueryAsync(db => db.SourceSystems.ExecuteUpdateAsync(s => s.SetProperty(x => x.Cursor, (done with { Phase = 1, Position = 3 }).ToString())));

        var resumed = await host.ImportAsync("core");
        // Posts rows 4-7 (two tag wikis, one skipped type, one question) and the accepted answer; the views
        // are already imported in full, so no difference is left. Rows 1-3 are not read again.
        Assert.Equal((4, 0, 4), (resumed.Read, resumed.Inserted, resumed.Duplicates));
        Assert.Equal(checksum, await host.ActivityChecksumAsync());
        Assert.True(DumpCursor.Parse(await host.QueryAsync(db => db.SourceSystems.Select(s => s.Cursor).SingleAsync()))!.Value.IsDone);
    }

    [Fact]
    public async Task Malformed_rows_are_rejected_with_their_location_and_the_rest_is_imported()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync("malformed");

        Assert.Equal(
            [
                "Posts.xml:3: row without Id",
                "Posts.xml row Id=11: CreationDate is missing or not a date: 'yesterday'",
                "Posts.xml row Id=12: PostTypeId is missing or not a number: 'x'",
                "Posts.xml row Id=13: answer without a valid ParentId: ''",
                "Posts.xml row Id=14: CreationDate is missing or not a date: '2020-02-01T00:00:00.000+02:00'",
                "Comments.xml row Id=100: post 999 is not in Posts.xml (deleted, or outside the dump): nobody to credit",
                "Comments.xml row Id=101: UserId is not a number: 'abc'",
            ],
            await host.RejectionsAsync());
        Assert.Equal(7, result.Rejected);
        Assert.Equal(["comment:102", "post:10:asked", "views:10:2"], (await host.ActivitiesAsync()).Select(a => a.EventId));
    }

    [Fact]
    public async Task A_truncated_file_rejects_its_rest_with_the_line_and_the_next_files_are_still_read()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync("truncated");

        var rejection = Assert.Single(await host.RejectionsAsync());
        Assert.StartsWith("Votes.xml:", rejection, StringComparison.Ordinal);
        Assert.Contains("malformed XML, the rest of Votes.xml is not read", rejection, StringComparison.Ordinal);
        var events = (await host.ActivitiesAsync()).Select(a => a.EventId).ToList();
        Assert.Contains("vote:1", events);
        Assert.Contains("vote:2", events);
        Assert.DoesNotContain("vote:3", events);
        // Comments.xml comes after Votes.xml: the run went on.
        Assert.Contains("comment:100", events);
        Assert.Equal(1, result.Rejected);
    }

    [Fact]
    public async Task A_dtd_is_refused_so_no_external_entity_is_ever_resolved()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync("dtd");

        var rejection = Assert.Single(await host.RejectionsAsync());
        Assert.StartsWith("Posts.xml:", rejection, StringComparison.Ordinal);
        Assert.Contains("DTD is prohibited", rejection, StringComparison.Ordinal);
        Assert.Equal(1, result.Rejected);
        await host.QueryAsync(async db =>
        {
            Assert.Empty(await db.KnowledgeItems.ToListAsync());
            Assert.Empty(await db.Activities.ToListAsync());
            // Users.xml, read before, stands.
            Assert.Equal(4, await db.SourceAccounts.CountAsync());
            return 0;
        });
    }

    [Fact]
    public async Task A_folder_without_posts_fails_the_run_with_a_clear_error()
    {
        await using var host = await IngestionHost.CreateAsync();
        var empty = Directory.CreateTempSubdirectory("se-empty");
        try
        {
            var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
                host.ImportAsync(StackExchangeConnector.KindName, empty.FullName, "se"));
            Assert.Contains("Posts.xml is missing", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}

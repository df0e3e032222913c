using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.MediaWiki;

public sealed class MediaWikiConnectorTests
{
    private static string Fixture(string name) => ConnectorFixtures.Path("mediawiki", name);

    private static async Task<IngestionHost> ImportAsync(string fixture)
    {
        var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(MediaWikiConnector.KindName, Fixture(fixture));
        return host;
    }

    [Fact]
    public async Task First_revision_of_a_page_is_authored_and_later_ones_edited_in_a_0_11_export()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        Assert.Equal(ActivityType.Authored, (await ConnectorFixtures.ActivityAsync(host, "rev:1001")).Type);
        var edit = await ConnectorFixtures.ActivityAsync(host, "rev:1004");
        Assert.Equal(new StoredActivity("rev:1004", ActivityType.Edited, "22", "101", new DateTime(2026, 10, 2, 14, 15, 0)), edit);
        var page = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == "101"));
        Assert.Equal(("Onboarding guide", "page", "Main", "21"), (page.Title, page.Kind, page.Topics, page.AuthorAccount!.ExternalId));
        Assert.Equal("https://wiki.example.com/wiki/Onboarding_guide", page.Url);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero), page.CreatedAt);
    }

    [Fact]
    public async Task Ip_and_hidden_contributors_are_anonymous_edits()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        Assert.Equal((ActivityType.Edited, (string?)null), ((await ConnectorFixtures.ActivityAsync(host, "rev:1006")) is var ip ? (ip.Type, ip.Actor) : default));
        Assert.Equal((ActivityType.Edited, (string?)null), ((await ConnectorFixtures.ActivityAsync(host, "rev:1007")) is var hidden ? (hidden.Type, hidden.Actor) : default));
        var accounts = await host.QueryAsync(db => db.SourceAccounts.Select(a => a.ExternalId).OrderBy(a => a).ToListAsync());
        Assert.Equal(["21", "22", "imported>Erin"], accounts);
    }

    [Fact]
    public async Task Redirect_pages_are_skipped()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        var events = (await ConnectorFixtures.ActivitiesAsync(host)).Select(a => a.EventId).ToList();
        Assert.Equal(["rev:1001", "rev:1004", "rev:1006", "rev:1007", "rev:1010", "rev:1011"], events);
        Assert.False(await host.QueryAsync(db => db.KnowledgeItems.AnyAsync(i => i.ExternalId == "102")));
    }

    [Fact]
    public async Task A_revision_with_a_parent_outside_the_export_is_an_edit_and_credits_no_creator()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        Assert.Equal(ActivityType.Edited, (await ConnectorFixtures.ActivityAsync(host, "rev:1010")).Type);
        var page = await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "103"));
        Assert.Null(page.AuthorAccountId);
        Assert.Equal("Help", page.Topics);
        Assert.Equal("https://wiki.example.com/wiki/Help:VPN_(office)", page.Url);
    }

    [Fact]
    public async Task An_imported_user_with_id_0_is_keyed_by_name()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        var created = await ConnectorFixtures.ActivityAsync(host, "rev:1011");
        Assert.Equal((ActivityType.Authored, "imported>Erin"), (created.Type, created.Actor));
    }

    [Fact]
    public async Task A_0_3_export_without_ns_and_parentid_takes_the_earliest_revision_as_creation_and_the_namespace_from_the_title()
    {
        await using var host = await ImportAsync("export-0.3.xml");

        var activities = await ConnectorFixtures.ActivitiesAsync(host);
        Assert.Equal(
            [
                new StoredActivity("rev:10", ActivityType.Authored, "2", "1", new DateTime(2007, 3, 1, 9, 0, 0)),
                new StoredActivity("rev:12", ActivityType.Edited, null, "1", new DateTime(2007, 3, 2, 10, 30, 0)),
                new StoredActivity("rev:13", ActivityType.Authored, "3", "2", new DateTime(2007, 3, 3, 8, 0, 0)),
                new StoredActivity("rev:15", ActivityType.Edited, "3", "1", new DateTime(2007, 3, 5, 16, 45, 0)),
                new StoredActivity("rev:21", ActivityType.Authored, "2", "3", new DateTime(2007, 3, 6, 11, 0, 0)),
            ],
            activities);
        var talk = await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "2"));
        Assert.Equal(("Talk", "http://wiki.example.com/index.php/Talk:Release_checklist"), (talk.Topics, talk.Url));
        Assert.Equal("Main", (await host.QueryAsync(db => db.KnowledgeItems.SingleAsync(i => i.ExternalId == "1"))).Topics);
    }

    [Fact]
    public async Task A_revision_with_a_bad_timestamp_is_rejected_with_its_line_and_the_rest_of_the_page_is_kept()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync(MediaWikiConnector.KindName, Fixture("export-0.3.xml"));

        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.Equal("export-0.3.xml:64", rejection.Location);
        Assert.Equal("revision 20: <timestamp> is not an ISO 8601 UTC time: 'last tuesday'", rejection.Reason);
        Assert.Equal((6, 5, 1), (result.Read, result.Inserted, result.Rejected));
    }

    [Fact]
    public async Task Reimporting_the_same_export_adds_nothing()
    {
        await using var host = await ImportAsync("export-0.11.xml");
        var counts = await host.CountsAsync();

        var again = await host.ImportAsync(MediaWikiConnector.KindName, Fixture("export-0.11.xml"));
        var fromStart = await host.ImportAsync(MediaWikiConnector.KindName, Fixture("export-0.11.xml"), fromStart: true);

        Assert.Equal((0, 0), (again.Read, again.Inserted));
        Assert.Equal((6, 0, 6), (fromStart.Read, fromStart.Inserted, fromStart.Duplicates));
        Assert.Equal(counts, await host.CountsAsync());
    }

    [Fact]
    public async Task A_newer_export_adds_only_the_new_revisions()
    {
        await using var host = await ImportAsync("export-0.11.xml");

        var newer = await host.ImportAsync(MediaWikiConnector.KindName, Fixture("export-0.11-newer.xml"));

        Assert.Equal((8, 2, 6), (newer.Read, newer.Inserted, newer.Duplicates));
        Assert.Equal(new StoredActivity("rev:1012", ActivityType.Edited, "22", "101", new DateTime(2026, 10, 20, 9, 30, 0)),
            await ConnectorFixtures.ActivityAsync(host, "rev:1012"));
        Assert.Equal(ActivityType.Authored, (await ConnectorFixtures.ActivityAsync(host, "rev:1013")).Type);
        Assert.Equal(["101", "103", "104", "105"], await host.QueryAsync(db => db.KnowledgeItems.OrderBy(i => i.ExternalId).Select(i => i.ExternalId).ToListAsync()));
    }

    [Theory]
    [InlineData("xxe.xml")]
    [InlineData("billion-laughs.xml")]
    public async Task A_dtd_is_refused_with_a_rejection_and_no_entity_is_expanded(string fixture)
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync(MediaWikiConnector.KindName, Fixture(fixture));

        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.Equal($"{fixture}:2", rejection.Location);
        Assert.StartsWith("the export declares a DTD (<!DOCTYPE>): DTDs are refused", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal((SyncRunStatus.Succeeded, 0L), (await host.QueryAsync(db => db.SyncRuns.SingleAsync())).Status is var s ? (s, result.Inserted) : default);
        Assert.Equal(0, (await host.CountsAsync()).Accounts);
    }

    [Fact]
    public async Task A_cut_off_export_keeps_the_pages_before_the_break_and_rejects_the_rest_at_its_line()
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync(MediaWikiConnector.KindName, Fixture("truncated.xml"));

        Assert.Equal(["rev:1"], (await ConnectorFixtures.ActivitiesAsync(host)).Select(a => a.EventId));
        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.StartsWith("truncated.xml:", rejection.Location, StringComparison.Ordinal);
        Assert.StartsWith("not well-formed XML", rejection.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Rejected);
    }

    [Fact]
    public async Task A_file_that_is_not_a_mediawiki_export_fails_the_run()
    {
        await using var host = await IngestionHost.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"not-a-wiki-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, "<posts><row Id=\"1\" /></posts>");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.ImportAsync(MediaWikiConnector.KindName, path));
            Assert.Contains("not <mediawiki>", error.Message, StringComparison.Ordinal);
            Assert.Equal(SyncRunStatus.Failed, (await host.QueryAsync(db => db.SyncRuns.SingleAsync())).Status);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

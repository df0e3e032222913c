using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Confluence;
using Analytics.Jobs.Connectors.Live;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Live;

/// <summary>The Confluence connector's Data Center flavour against a fake Confluence Data Center REST API on 127.0.0.1.</summary>
public sealed class ConfluenceDataCenterTests
{
    private const string PersonalAccessToken = "NjU0MzIxFakeDataCenterPersonalAccessToken";

    private static Task<LiveSourceHost> HostAsync(FakeApi api, int pageSize = 2, string overlap = "00:10:00") =>
        LiveSourceHost.CreateAsync("wiki", new Dictionary<string, string?>
        {
            ["Kind"] = ConfluenceConnector.KindName,
            ["Flavour"] = ConfluenceFlavours.DataCenter,
            ["BaseUrl"] = new Uri(api.Address, FakeConfluenceDataCenter.Root).ToString(),
            ["Token"] = PersonalAccessToken,
            ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Overlap"] = overlap,
            ["Spaces:0"] = "OPS",
            ["Spaces:1"] = "ENG",
        });

    private static int MinutesFromNow(int minutes) => (int)(IngestionHost.Now.AddMinutes(minutes) - FakeConfluence.Start).TotalMinutes;

    private static FakeConfluence Sample()
    {
        var wiki = new FakeConfluence();
        wiki.AddUser("a-1", "Ada Lovelace");
        wiki.AddUser("b-2", "Bob Builder");
        wiki.AddUser("c-3", "Carol Chen");
        var eng = new FakeConfluence.Space("10", "ENG", "Engineering");
        var ops = new FakeConfluence.Space("20", "OPS", "Ops Handbooks");
        wiki.Spaces.AddRange([eng, ops, new FakeConfluence.Space("30", "HR", "People")]);
        var onboarding = wiki.AddContent("101", eng, "page", "Onboarding", "a-1", 0);
        FakeConfluence.Edit(onboarding, "b-2", 5);
        FakeConfluence.Edit(onboarding, "c-3", 8);
        wiki.AddContent("102", eng, "page", "Release checklist", "b-2", 1);
        var blog = wiki.AddContent("103", eng, "blogpost", "What we learned in Q3", "c-3", 2);
        wiki.AddContent("104", eng, "page", "Glossary", "c-3", 3);
        var runbook = wiki.AddContent("201", ops, "page", "Runbook", "a-1", 3);
        FakeConfluence.Edit(runbook, "b-2", 4);
        wiki.AddContent("301", wiki.Spaces[2], "page", "Not configured", "a-1", 3);
        wiki.AddComment("9001", onboarding, "b-2", 6);
        wiki.AddComment("9002", onboarding, "a-1", 7, parent: "9001");
        wiki.AddComment("9003", blog, "a-1", 9);
        // Likes and views exist on the wiki, but Data Center's REST API serves neither.
        wiki.Likes.Add(("101", "b-2"));
        wiki.Views["101"] = 40;
        return wiki;
    }

    private static readonly (string, ActivityType, string?)[] Expected =
    [
        ("blogpost:103:v1", ActivityType.Authored, "c-3"),
        ("comment:9001", ActivityType.Commented, "b-2"),
        ("comment:9002", ActivityType.Commented, "a-1"),
        ("comment:9003", ActivityType.Commented, "a-1"),
        ("page:101:v1", ActivityType.Authored, "a-1"),
        ("page:101:v2", ActivityType.Edited, "b-2"),
        ("page:101:v3", ActivityType.Edited, "c-3"),
        ("page:102:v1", ActivityType.Authored, "b-2"),
        ("page:104:v1", ActivityType.Authored, "c-3"),
        ("page:201:v1", ActivityType.Authored, "a-1"),
        ("page:201:v2", ActivityType.Edited, "b-2"),
    ];

    [Fact]
    public async Task Pages_blog_posts_versions_and_comments_are_read_across_start_limit_pages_without_likes_or_views()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(new FakeConfluenceDataCenter(wiki).HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected, (await ConnectorFixtures.ActivitiesAsync(host.Host)).Select(a => (a.EventId, a.Type, a.Actor)).ToArray());
        // The same item as Cloud's mapping makes: the space's name is the topic, the creator is history.createdBy.
        var item = await host.Host.QueryAsync(db => db.KnowledgeItems.AsNoTracking().Where(i => i.ExternalId == "101")
            .Select(i => new { i.Kind, i.Title, i.Url, i.Topics, Author = i.AuthorAccount!.ExternalId }).SingleAsync());
        Assert.Equal(("page", "Onboarding", $"{api.Address}confluence/pages/viewpage.action?pageId=101", "Engineering", "a-1"),
            (item.Kind, item.Title, item.Url, item.Topics, item.Author));
        var ada = await host.Host.QueryAsync(db => db.SourceAccounts.AsNoTracking().Where(a => a.ExternalId == "a-1").Select(a => new { a.DisplayName, a.Username }).SingleAsync());
        Assert.Equal(("Ada Lovelace", "ada"), (ada.DisplayName, ada.Username));
        // ENG's three pages take two pages of two, followed through _links.next under the context path.
        Assert.Contains(api.Requests, r => r.StartsWith("GET /confluence/rest/api/content?spaceKey=ENG&type=page", StringComparison.Ordinal) && r.EndsWith("&start=2", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Requests, r => r.Contains("like", StringComparison.OrdinalIgnoreCase) || r.Contains("analytics", StringComparison.Ordinal) || r.Contains("/HR", StringComparison.Ordinal));
        Assert.All(api.Authorizations, a => Assert.Equal("Bearer " + PersonalAccessToken, a));
        Assert.Contains("|!done|", (await host.SourceAsync()).Cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_saved_before_the_last_run_started_is_picked_up_through_the_overlap_by_a_CQL_search()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(new FakeConfluenceDataCenter(wiki).HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        // Saved five minutes before the first run started, but not yet searchable then (indexed late).
        FakeConfluence.Edit(wiki.Contents.Single(c => c.Id == "102"), "a-1", MinutesFromNow(-5));

        var second = await host.SyncAsync();

        Assert.Equal(1, second.Inserted);
        Assert.Equal(ActivityType.Edited, (await ConnectorFixtures.ActivityAsync(host.Host, "page:102:v2")).Type);
        // The window starts at the first run's start minus the overlap (07:50 UTC); the CQL search starts 14 hours earlier,
        // whatever the server's time zone, and the exact version time decides.
        Assert.Contains(api.Requests, r => r.StartsWith("GET /confluence/rest/api/content/search?cql=", StringComparison.Ordinal)
            && Uri.UnescapeDataString(r).Contains("space = \"ENG\" and type = page and lastmodified >= \"2026/10/31 17:50\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restricted_page_is_skipped_and_counted_and_a_429_is_waited_out()
    {
        var wiki = Sample();
        wiki.Restricted.Add("102");
        await using var api = await FakeApi.StartAsync(new FakeConfluenceDataCenter(wiki).HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/confluence/rest/api/content/101/child/comment", 429, new Dictionary<string, string> { ["Retry-After"] = "20" });

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected.Length - 1, result.Inserted);
        Assert.Equal(1, result.Rejected);
        Assert.Contains("answered 403 (restricted", (await host.Host.QueryAsync(db => db.Rejections.AsNoTracking().SingleAsync())).Reason, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(20)], host.Delay.Waits);
        Assert.Equal(1, (await host.LastRunAsync()).RateLimitWaits);
    }

    [Fact]
    public async Task A_refused_token_stops_the_run_naming_the_permission()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(new FakeConfluenceDataCenter(wiki).HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/confluence/rest/api/space/OPS", 401);

        var error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());

        Assert.Contains(ConfluenceConnector.DataCenterPermission, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonalAccessToken, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_half_way_and_resumed_ends_like_an_uninterrupted_run()
    {
        var wiki = new FakeConfluence();
        wiki.AddUser("a-1", "Ada Lovelace");
        wiki.AddUser("b-2", "Bob Builder");
        var eng = new FakeConfluence.Space("10", "ENG", "Engineering");
        var ops = new FakeConfluence.Space("20", "OPS", "Ops Handbooks");
        wiki.Spaces.AddRange([eng, ops]);
        for (var n = 1; n <= 50; n++)
        {
            var page = wiki.AddContent((1000 + n).ToString(CultureInfo.InvariantCulture), n % 5 == 0 ? ops : eng, n % 7 == 0 ? "blogpost" : "page", $"Page {n}",
                n % 2 == 0 ? "a-1" : "b-2", n);
            FakeConfluence.Edit(page, n % 2 == 0 ? "b-2" : "a-1", 100 + n);
            wiki.AddComment((5000 + n).ToString(CultureInfo.InvariantCulture), page, "a-1", 200 + n);
        }

        await using var api = await FakeApi.StartAsync(new FakeConfluenceDataCenter(wiki).HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 7);
        await reference.SyncAsync();
        var total = (await reference.Host.CountsAsync()).Activities;
        Assert.Equal(150, total);

        await using var interrupted = await HostAsync(api, pageSize: 7);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 1, total - 1);

        await interrupted.SyncAsync();

        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
        Assert.Contains("|!done|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Confluence;
using Analytics.Jobs.Connectors.Live;
using Analytics.Tests.Ingestion;
using Analytics.Tests.Reliability;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Live;

/// <summary>The Confluence connector against a fake Confluence Cloud (REST v2) on 127.0.0.1.</summary>
public sealed class ConfluenceConnectorTests : IDisposable
{
    private const string ApiToken = "ATATT3xFakeConfluenceApiToken0123456789";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"confluence-{Guid.NewGuid():N}");

    public ConfluenceConnectorTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static Task<LiveSourceHost> HostAsync(FakeApi api, int pageSize = 2, string overlap = "00:10:00", bool allSpaces = false) =>
        LiveSourceHost.CreateAsync("wiki", Settings(api, pageSize, overlap, allSpaces));

    private static Dictionary<string, string?> Settings(FakeApi api, int pageSize = 2, string overlap = "00:10:00", bool allSpaces = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = ConfluenceConnector.KindName,
            ["BaseUrl"] = new Uri(api.Address, FakeConfluence.Root).ToString(),
            ["Username"] = "svc-analytics@example.com",
            ["Password"] = ApiToken,
            ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Overlap"] = overlap,
        };
        if (!allSpaces)
        {
            settings["Spaces:0"] = "OPS";
            settings["Spaces:1"] = "ENG";
        }

        return settings;
    }

    /// <summary>Minutes after <see cref="FakeConfluence.Start"/> of a moment relative to the test clock's now.</summary>
    private static int MinutesFromNow(int minutes) => (int)(IngestionHost.Now.AddMinutes(minutes) - FakeConfluence.Start).TotalMinutes;

    private static FakeConfluence Sample()
    {
        var wiki = new FakeConfluence();
        wiki.AddUser("a-1", "Ada Lovelace", "Ada@Example.com");
        wiki.AddUser("b-2", "Bob Builder");
        wiki.AddUser("c-3", "Carol Chen", "carol@example.com");
        wiki.AddUser("app-9", "Automation for Confluence", app: true);
        var eng = new FakeConfluence.Space("10", "ENG", "Engineering");
        var ops = new FakeConfluence.Space("20", "OPS", "Ops Handbooks");
        wiki.Spaces.AddRange([eng, ops, new FakeConfluence.Space("30", "HR", "People")]);
        var onboarding = wiki.AddContent("101", eng, "page", "Onboarding", "a-1", 0);
        FakeConfluence.Edit(onboarding, "b-2", 5);
        FakeConfluence.Edit(onboarding, "c-3", 8);
        wiki.AddContent("102", eng, "page", "Release checklist", "b-2", 1);
        var blog = wiki.AddContent("103", eng, "blogpost", "What we learned in Q3", "c-3", 2);
        var runbook = wiki.AddContent("201", ops, "page", "Runbook", "a-1", 3);
        FakeConfluence.Edit(runbook, "app-9", 4);
        wiki.AddContent("301", wiki.Spaces[2], "page", "Not configured", "a-1", 3);
        wiki.AddComment("9001", onboarding, "b-2", 6);
        wiki.AddComment("9002", onboarding, "a-1", 7, parent: "9001");
        wiki.AddComment("9003", blog, "a-1", 9);
        wiki.Likes.AddRange([("101", "b-2"), ("101", "c-3"), ("101", "a-1"), ("103", "a-1")]);
        wiki.Views["101"] = 40;
        wiki.Views["102"] = 3;
        return wiki;
    }

    private static readonly (string, ActivityType, string?)[] Expected =
    [
        ("blogpost:103:v1", ActivityType.Authored, "c-3"),
        ("comment:9001", ActivityType.Commented, "b-2"),
        ("comment:9002", ActivityType.Commented, "a-1"),
        ("comment:9003", ActivityType.Commented, "a-1"),
        ("like:101:b-2", ActivityType.Upvoted, "b-2"),
        ("like:101:c-3", ActivityType.Upvoted, "c-3"),
        ("like:103:a-1", ActivityType.Upvoted, "a-1"),
        ("page:101:v1", ActivityType.Authored, "a-1"),
        ("page:101:v2", ActivityType.Edited, "b-2"),
        ("page:101:v3", ActivityType.Edited, "c-3"),
        ("page:102:v1", ActivityType.Authored, "b-2"),
        ("page:201:v1", ActivityType.Authored, "a-1"),
        ("page:201:v2", ActivityType.Edited, "app-9"),
        ("views:101:40", ActivityType.Viewed, null),
        ("views:102:3", ActivityType.Viewed, null),
    ];

    private static Task<Dictionary<string, long>> SkipsAsync(LiveSourceHost host) => host.Host.QueryAsync(async db =>
    {
        var run = await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
        return await db.SyncRunSkips.AsNoTracking().Where(k => k.SyncRunId == run.Id).ToDictionaryAsync(k => k.Reason, k => k.Count);
    });

    [Fact]
    public async Task A_404_names_no_other_vendor()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/api/v2/spaces", 404, body: """{"statusCode":404,"message":"Not Found"}""");

        var error = await Assert.ThrowsAsync<LiveSourceException>(() => host.SyncAsync());

        Assert.Contains("answered 404 Not Found: it does not exist, or the account cannot see it. Needed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("GitHub", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_blog_posts_versions_comments_likes_and_views_are_read_across_pages()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected, (await ConnectorFixtures.ActivitiesAsync(host.Host)).Select(a => (a.EventId, a.Type, a.Actor)).ToArray());
        // The like by the page's own author is not reuse: skipped and counted.
        Assert.Equal(new Dictionary<string, long> { [ConfluenceConnector.SelfLike] = 1 }, await SkipsAsync(host));
        // The item: its space is the topic; its author (credited with likes and views) is version 1's.
        var item = await host.Host.QueryAsync(db => db.KnowledgeItems.AsNoTracking().Where(i => i.ExternalId == "101")
            .Select(i => new { i.Kind, i.Title, i.Url, i.Topics, Author = i.AuthorAccount!.ExternalId }).SingleAsync());
        Assert.Equal(("page", "Onboarding", $"{api.Address}wiki/spaces/ENG/pages/101", "Engineering", "a-1"),
            (item.Kind, item.Title, item.Url, item.Topics, item.Author));
        Assert.Equal(40, (await host.Host.QueryAsync(db => db.Activities.AsNoTracking().SingleAsync(a => a.SourceEventId == "views:101:40"))).Quantity);
        // Accounts by account id, with the display name, the e-mail where the API gives it, and apps flagged as bots.
        var accounts = await host.Host.QueryAsync(db => db.SourceAccounts.AsNoTracking().OrderBy(a => a.ExternalId)
            .Select(a => new { a.ExternalId, a.DisplayName, a.Email, a.IsBot }).ToListAsync());
        Assert.Equal(
        [
            ("a-1", "Ada Lovelace", "ada@example.com", false), ("app-9", "Automation for Confluence", null, true),
            ("b-2", "Bob Builder", null, false), ("c-3", "Carol Chen", "carol@example.com", false),
        ], accounts.Select(a => (a.ExternalId, a.DisplayName, a.Email, a.IsBot)).ToList());
        // Pages of two: the onboarding page's versions and likes take two pages each, followed through _links.next.
        Assert.Contains(api.Requests, r => r.StartsWith("GET /wiki/api/v2/pages/101/likes/users?", StringComparison.Ordinal) && r.Contains("cursor=", StringComparison.Ordinal));
        Assert.Contains(api.Requests, r => r.StartsWith("GET /wiki/api/v2/pages/101/versions?", StringComparison.Ordinal) && r.Contains("cursor=", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Requests, r => r.Contains("/spaces/30/", StringComparison.Ordinal)); // HR is not configured
        Assert.All(api.Authorizations, a => Assert.StartsWith("Basic ", a, StringComparison.Ordinal));
        var cursor = (await host.SourceAsync()).Cursor;
        Assert.StartsWith("cf1|", cursor, StringComparison.Ordinal);
        Assert.Contains("|!done|", cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_spaces_every_readable_space_is_read()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api, allSpaces: true);

        await host.SyncAsync();

        await ConnectorFixtures.ActivityAsync(host.Host, "page:301:v1");
        Assert.Equal(Expected.Length + 1, (await host.Host.CountsAsync()).Activities);
        Assert.Contains(api.Requests, r => r.StartsWith("GET /wiki/api/v2/spaces?limit=2&cursor=", StringComparison.Ordinal)); // three spaces, two pages
    }

    [Fact]
    public async Task A_429_with_Retry_After_and_a_500_mid_run_are_waited_out_and_retried()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/likes/users", 429, new Dictionary<string, string> { ["Retry-After"] = "20" });
        api.FailNext("/footer-comments", 500);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected.Length, result.Inserted);
        Assert.Equal([TimeSpan.FromSeconds(20)], host.Delay.Waits);
        var run = await host.LastRunAsync();
        Assert.Equal((1, 20, 1), (run.RateLimitWaits, run.RateLimitWaitSeconds, run.Retries));
    }

    [Fact]
    public async Task A_token_without_a_scope_stops_the_run_naming_it()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/wiki/api/v2/spaces", 403);

        var error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());

        Assert.Contains("read:space:confluence", error.Message, StringComparison.Ordinal);
        // Pages readable, comments refused: a missing scope, not a restricted page, so the run stops and says which.
        api.FailNext("/footer-comments", 403);
        error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());
        Assert.Contains("read:comment:confluence", error.Message, StringComparison.Ordinal);
        var run = await host.LastRunAsync();
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("read:comment:confluence", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken, run.Error, StringComparison.Ordinal);
        // A refused token names the setting to check.
        api.FailNext("/wiki/api/v2/spaces", 401);
        error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());
        Assert.Contains("LiveSources:wiki:Username/Password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_made_before_the_cursor_but_seen_late_is_read_by_the_overlap_and_unchanged_pages_are_not_read_again()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        var before = api.Requests.Count;
        // Saved five minutes before the first run started, visible only now; and a like that came with it.
        FakeConfluence.Edit(wiki.Contents.Single(c => c.Id == "102"), "a-1", MinutesFromNow(-5));
        wiki.Likes.Add(("102", "c-3"));

        var second = await host.SyncAsync();

        Assert.Equal(2, second.Inserted); // page:102:v2 and like:102:c-3
        Assert.Equal(1, second.Duplicates); // page:102:v1, read again with its page
        Assert.Equal(ActivityType.Edited, (await ConnectorFixtures.ActivityAsync(host.Host, "page:102:v2")).Type);
        await ConnectorFixtures.ActivityAsync(host.Host, "like:102:c-3");
        var later = api.Requests.Skip(before).ToList();
        Assert.DoesNotContain(later, r => r.Contains("/pages/101/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_overlap_the_edit_seen_late_is_missed()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api, overlap: "00:00:00");
        await host.SyncAsync();
        FakeConfluence.Edit(wiki.Contents.Single(c => c.Id == "102"), "a-1", MinutesFromNow(-5));

        var second = await host.SyncAsync();

        Assert.Equal(0, second.Inserted);
    }

    [Fact]
    public async Task Restricted_and_deleted_pages_are_skipped_counted_and_the_run_goes_on()
    {
        var wiki = Sample();
        wiki.Restricted.Add("201");
        wiki.Deleted.Add("102"); // listed, then deleted before its versions were read
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Rejected);
        Assert.Equal(Expected.Length - 4, result.Inserted); // 201's two versions, 102's version and views
        var reasons = await host.Host.QueryAsync(db => db.Rejections.AsNoTracking().OrderBy(r => r.Location).Select(r => r.Location + ": " + r.Reason).ToListAsync());
        Assert.Equal(
        [
            "space ENG page 102: skipped: the page answered 404 (deleted or moved since it was listed)",
            "space OPS page 201: skipped: the page answered 403 (restricted: the account may not read it)",
        ], reasons);
    }

    [Fact]
    public async Task Views_add_only_what_is_new_and_an_instance_without_analytics_is_said_once()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        wiki.Views["101"] = 55;
        FakeConfluence.Edit(wiki.Contents.Single(c => c.Id == "101"), "b-2", MinutesFromNow(30));

        await host.SyncAsync();

        var views = await host.Host.QueryAsync(db => db.Activities.AsNoTracking().Where(a => a.Type == ActivityType.Viewed && a.Item!.ExternalId == "101")
            .OrderBy(a => a.Id).Select(a => new { a.SourceEventId, a.Quantity }).ToListAsync());
        Assert.Equal([("views:101:40", 40.0), ("views:101:55", 15.0)], views.Select(v => (v.SourceEventId, v.Quantity)).ToList());

        // An instance whose analytics API answers 404: no views, no failure, one skip on the run, asked once.
        var without = Sample();
        without.Analytics = false;
        await using var api2 = await FakeApi.StartAsync(without.HandleAsync);
        await using var host2 = await HostAsync(api2);
        var result = await host2.SyncAsync();
        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected.Length - 2, result.Inserted);
        Assert.Equal(1, (await SkipsAsync(host2))[ConfluenceConnector.NoAnalytics]);
        Assert.Single(api2.Requests, r => r.Contains("/analytics/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_cancelled_half_way_and_resumed_ends_like_an_uninterrupted_run()
    {
        var wiki = new FakeConfluence();
        string[] people = ["a-1", "b-2", "c-3"];
        foreach (var person in people)
            wiki.AddUser(person, "Person " + person);
        var eng = new FakeConfluence.Space("10", "ENG", "Engineering");
        var ops = new FakeConfluence.Space("20", "OPS", "Ops");
        wiki.Spaces.AddRange([eng, ops]);
        for (var n = 1; n <= 60; n++)
        {
            var page = wiki.AddContent((1000 + n).ToString(CultureInfo.InvariantCulture), n % 2 == 0 ? eng : ops, n % 5 == 0 ? "blogpost" : "page",
                "Page " + n, people[n % 3], n);
            FakeConfluence.Edit(page, people[(n + 1) % 3], 100 + n);
            wiki.AddComment((5000 + n).ToString(CultureInfo.InvariantCulture), page, people[(n + 2) % 3], 200 + n);
            // Three or four records per page, so that a batch ends in the middle of a page.
            if (n % 3 != 0)
                wiki.Likes.Add((page.Id, people[(n + 1) % 3]));
        }

        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 25);
        await reference.SyncAsync();
        var total = (await reference.Host.CountsAsync()).Activities;
        Assert.Equal(60 * 3 + 40, total);

        await using var interrupted = await HostAsync(api, pageSize: 25);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 100, total - 1);

        var rerun = await interrupted.SyncAsync();

        Assert.Equal(total - partial, rerun.Inserted);
        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
        Assert.Contains("|!done|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_from_the_command_line_reads_a_configured_confluence_source()
    {
        var wiki = Sample();
        await using var api = await FakeApi.StartAsync(wiki.HandleAsync);
        var environment = Settings(api).ToDictionary(kv => "LiveSources__wiki__" + kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        environment["LiveSources__wiki__RetryDelay"] = "00:00:00";

        var (exit, output, error) = await CliProcess.RunAsync(environment, "sync", "--source", "wiki", "--db", Path.Combine(_folder, "cli.db"));

        Assert.True(exit == 0, output + error);
        Assert.Contains($"inserted {Expected.Length},", output, StringComparison.Ordinal);
        Assert.Contains("cursor cf1|", output, StringComparison.Ordinal);
        Assert.Contains(ConfluenceConnector.SelfLike, output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiToken, output + error, StringComparison.Ordinal);
    }
}

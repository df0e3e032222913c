using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.GitHub;
using Analytics.Jobs.Connectors.Live;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Live;

/// <summary>The GitHub connector against a fake GitHub REST API on 127.0.0.1.</summary>
public sealed class GitHubConnectorTests
{
    private const string Token = "ghp_fakeTokenThatMustNeverShow0123456789";

    private static Task<LiveSourceHost> HostAsync(FakeApi api, int pageSize = 2, string overlap = "00:10:00", bool organisation = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = GitHubConnector.KindName,
            ["BaseUrl"] = api.Address.ToString(),
            ["Token"] = Token,
            ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Overlap"] = overlap,
        };
        if (organisation)
        {
            settings["Organisations:0"] = "acme";
        }
        else
        {
            settings["Repositories:0"] = "acme/docs";
            settings["Repositories:1"] = "acme/tools";
        }

        return LiveSourceHost.CreateAsync("gh", settings);
    }

    private static FakeGitHub Sample()
    {
        var gh = new FakeGitHub();
        gh.Organisations["acme"] = ["acme/docs", "acme/tools"];
        gh.AddIssue("acme/docs", 1, FakeGitHub.Ada, 0, pull: true);
        gh.AddIssue("acme/docs", 2, FakeGitHub.Bob, 1, pull: false);
        gh.AddIssue("acme/docs", 3, FakeGitHub.Dependabot, 2, pull: true);
        gh.AddReview("acme/docs", 1, 501, FakeGitHub.Bob, "APPROVED", 10);
        gh.AddReview("acme/docs", 1, 502, FakeGitHub.Carol, "CHANGES_REQUESTED", 11, "Please add an example.");
        gh.AddReview("acme/docs", 1, 503, FakeGitHub.Carol, "COMMENTED", 12, "Looks better now.");
        gh.AddReview("acme/docs", 1, 504, FakeGitHub.Bob, "COMMENTED", 13); // only inline comments: they count on their own
        gh.AddReview("acme/docs", 1, 505, FakeGitHub.Carol, "PENDING", 14);
        gh.AddReview("acme/docs", 3, 506, FakeGitHub.Ada, "APPROVED", 15);
        gh.AddComment("acme/docs", 1, 701, FakeGitHub.Bob, 13, onReview: true);
        gh.AddComment("acme/docs", 1, 702, FakeGitHub.Bob, 13, onReview: true);
        gh.AddComment("acme/docs", 2, 801, FakeGitHub.Ada, 20);
        gh.AddComment("acme/docs", 2, 802, FakeGitHub.Dependabot, 21);
        gh.AddIssue("acme/tools", 7, FakeGitHub.Carol, 30, pull: true);
        gh.AddReview("acme/tools", 7, 601, FakeGitHub.Ada, "APPROVED", 31);
        gh.AddComment("acme/tools", 7, 803, FakeGitHub.Bob, 32);
        return gh;
    }

    private static readonly (string, ActivityType, string?)[] Expected =
    [
        ("issue-comment:acme/docs:801", ActivityType.Commented, "101"),
        ("issue-comment:acme/tools:803", ActivityType.Commented, "102"),
        ("issue:acme/docs#2", ActivityType.Asked, "102"),
        ("pr:acme/docs#1", ActivityType.Authored, "101"),
        ("pr:acme/tools#7", ActivityType.Authored, "103"),
        ("review-comment:acme/docs:701", ActivityType.Commented, "102"),
        ("review-comment:acme/docs:702", ActivityType.Commented, "102"),
        ("review:acme/docs:501", ActivityType.Reviewed, "102"),
        ("review:acme/docs:502", ActivityType.Reviewed, "103"),
        ("review:acme/docs:503", ActivityType.Commented, "103"),
        ("review:acme/docs:506", ActivityType.Reviewed, "101"),
        ("review:acme/tools:601", ActivityType.Reviewed, "101"),
    ];

    [Fact]
    public async Task Pull_requests_reviews_issues_and_comments_are_read_across_pages_and_bots_are_left_out()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        var stored = await ConnectorFixtures.ActivitiesAsync(host.Host);
        Assert.Equal(Expected, stored.Select(a => (a.EventId, a.Type, a.Actor)).ToArray());
        // The review credits the reviewer, on the pull request whose author is Ada.
        var item = await host.Host.QueryAsync(db => db.KnowledgeItems.AsNoTracking().Where(i => i.ExternalId == "acme/docs#1")
            .Select(i => new { i.Kind, i.Title, i.Url, Author = i.AuthorAccount!.ExternalId }).SingleAsync());
        Assert.Equal(("pull-request", "Change 1", "https://github.com/acme/docs/pull/1", "101"), (item.Kind, item.Title, item.Url, item.Author));
        // Pages of two: the Link header was followed (issues of acme/docs take two pages).
        Assert.Contains(api.Requests, r => r.StartsWith("GET /repos/acme/docs/issues?", StringComparison.Ordinal) && r.Contains("page=2", StringComparison.Ordinal));
        Assert.All(api.Authorizations, a => Assert.Equal("Bearer " + Token, a));
        Assert.StartsWith("gh1|", (await host.SourceAsync()).Cursor, StringComparison.Ordinal);
        Assert.Contains("|done|", (await host.SourceAsync()).Cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organisation_lists_its_repositories()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, organisation: true);

        await host.SyncAsync();

        Assert.Equal(Expected.Length, (await host.Host.CountsAsync()).Activities);
        Assert.Contains(api.Requests, r => r.StartsWith("GET /orgs/acme/repos", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_Retry_After_and_a_spent_rate_limit_are_waited_out()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/repos/acme/docs/issues/comments", 429, new Dictionary<string, string> { ["Retry-After"] = "30" });
        // GitHub's primary limit: 403 with X-RateLimit-Remaining 0 and the reset as epoch seconds (two minutes after "now").
        api.FailNext("/repos/acme/tools/issues", 403, new Dictionary<string, string>
        {
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = IngestionHost.Now.AddMinutes(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, """{"message":"API rate limit exceeded"}""");

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(Expected.Length, result.Inserted);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)], host.Delay.Waits); // the fake clock had moved 30 s
        var run = await host.LastRunAsync();
        Assert.Equal(2, run.RateLimitWaits);
        Assert.Equal(120, run.RateLimitWaitSeconds);
    }

    [Fact]
    public async Task A_500_then_success_loses_nothing()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/repos/acme/docs/pulls/1/reviews", 502);

        var result = await host.SyncAsync();

        Assert.Equal(Expected.Length, result.Inserted);
        Assert.Equal(1, (await host.LastRunAsync()).Retries);
    }

    [Fact]
    public async Task A_token_without_access_stops_the_run_naming_the_permission()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/repos/acme/docs/issues", 403, body: """{"message":"Resource not accessible by personal access token"}""");

        var error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());

        Assert.Contains("Pull requests read-only", error.Message, StringComparison.Ordinal);
        var run = await host.LastRunAsync();
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("Issues and Pull requests read-only", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_after_the_cursor_is_read_again_as_a_duplicate_and_a_new_review_on_an_old_pull_request_is_added()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        // Edited after the run (its update time moves), and a review submitted on an old pull request.
        gh.Comments.Single(c => c.Id == 801).Updated = IngestionHost.Now.AddMinutes(5);
        gh.AddReview("acme/tools", 7, 602, FakeGitHub.Bob, "CHANGES_REQUESTED", (int)(IngestionHost.Now.AddMinutes(6) - FakeGitHub.Start).TotalMinutes);

        var second = await host.SyncAsync();

        Assert.Equal(1, second.Inserted);
        Assert.True(second.Duplicates >= 2); // the edited comment and the pull request read again
        Assert.Equal(ActivityType.Reviewed, (await ConnectorFixtures.ActivityAsync(host.Host, "review:acme/tools:602")).Type);
        // The second run reads only what changed since the first run's start, minus the overlap.
        Assert.Contains(api.Requests, r => r.Contains("since=2026-11-01T07%3A50%3A00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pull_request_deleted_after_it_was_listed_is_skipped_and_counted()
    {
        var gh = Sample();
        gh.GoneReviews.Add(("acme/docs", 3));
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(1, result.Rejected);
        Assert.Equal(Expected.Length - 1, result.Inserted); // Ada's approval of #3 could not be read
        var rejection = await host.Host.QueryAsync(db => db.Rejections.AsNoTracking().SingleAsync());
        Assert.Contains("deleted or moved", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_half_way_and_resumed_ends_like_an_uninterrupted_run()
    {
        var gh = new FakeGitHub();
        var people = new[] { FakeGitHub.Ada, FakeGitHub.Bob, FakeGitHub.Carol };
        for (var n = 1; n <= 60; n++)
        {
            gh.AddIssue("acme/docs", n, people[n % 3], n, pull: n % 2 == 0);
            if (n % 2 == 0)
                gh.AddReview("acme/docs", n, 10_000 + n, people[(n + 1) % 3], "APPROVED", 100 + n);
            gh.AddComment("acme/docs", n, 20_000 + n, people[(n + 2) % 3], 200 + n);
            gh.AddComment("acme/docs", n, 30_000 + n, people[(n + 1) % 3], 300 + n);
            if (n % 2 == 0)
                gh.AddComment("acme/docs", n, 40_000 + n, people[n % 3], 400 + n, onReview: true);
        }

        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 25);
        await reference.SyncAsync();
        var total = (await reference.Host.CountsAsync()).Activities;
        Assert.Equal(60 + 30 + 120 + 30, total);

        await using var interrupted = await HostAsync(api, pageSize: 25);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 100, total - 1);

        await interrupted.SyncAsync();

        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
        Assert.Contains("|done|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);
    }
}

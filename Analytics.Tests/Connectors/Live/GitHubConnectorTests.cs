using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.GitHub;
using Analytics.Jobs.Connectors.Live;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Live;

/// <summary>The GitHub connector against a fake GitHub REST API on 127.0.0.1.</summary>
public sealed class GitHubConnectorTests
{
    private const string Token = "ghp_fakeTokenThatMustNeverShow0123456789";

    private static Task<LiveSourceHost> HostAsync(FakeApi api, int pageSize = 2, string overlap = "00:10:00", bool organisation = false,
        bool? discussions = null, bool? commits = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kind"] = GitHubConnector.KindName,
            ["BaseUrl"] = api.Address.ToString(),
            ["Token"] = Token,
            ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Overlap"] = overlap,
        };
        if (discussions is { } on)
            settings["Discussions"] = on ? "true" : "false";
        if (commits is { } read)
            settings["Commits"] = read ? "true" : "false";
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
    public async Task A_repository_answering_404_stops_the_run_saying_GitHub_hides_private_repositories()
    {
        var gh = Sample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/repos/acme/docs/issues", 404, body: """{"message":"Not Found"}""");

        var error = await Assert.ThrowsAsync<LiveSourceException>(() => host.SyncAsync());

        Assert.Contains($"it does not exist, or the account cannot see it ({GitHubConnector.NotFoundHint}). Needed: {GitHubConnector.RepoPermission}", error.Message, StringComparison.Ordinal);
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

    private static FakeGitHub DiscussionSample()
    {
        var gh = new FakeGitHub();
        gh.AddDiscussion("acme/docs", 10, FakeGitHub.Ada, 0);
        gh.AddDiscussionComment("acme/docs", 10, 1001, FakeGitHub.Bob, 1);
        gh.AddDiscussionComment("acme/docs", 10, 1002, FakeGitHub.Ada, 2); // the asker's own comment
        gh.AddDiscussionComment("acme/docs", 10, 1003, FakeGitHub.Dependabot, 3);
        gh.AddDiscussionComment("acme/docs", 10, 2001, FakeGitHub.Carol, 4, parent: 1001);
        gh.AddDiscussionComment("acme/docs", 10, 2002, FakeGitHub.Ada, 4, parent: 1001);
        gh.MarkAnswer("acme/docs", 10, 1001, FakeGitHub.Ada, 5);
        gh.AddDiscussion("acme/docs", 11, FakeGitHub.Bob, 10);
        gh.AddDiscussionComment("acme/docs", 11, 1004, FakeGitHub.Carol, 11);
        gh.AddDiscussionComment("acme/docs", 11, 1005, FakeGitHub.Ada, 12);
        gh.AddDiscussionComment("acme/docs", 11, 1006, FakeGitHub.Ada, 13);
        gh.AddDiscussion("acme/docs", 12, FakeGitHub.Dependabot, 20);
        gh.AddDiscussionComment("acme/docs", 12, 1007, FakeGitHub.Carol, 21);
        return gh;
    }

    private static readonly (string, ActivityType, string?)[] ExpectedDiscussions =
    [
        ("discussion-answer:acme/docs:1001", ActivityType.Accepted, "101"),
        ("discussion-comment:acme/docs:1001", ActivityType.Answered, "102"),
        ("discussion-comment:acme/docs:1002", ActivityType.Commented, "101"),
        ("discussion-comment:acme/docs:1004", ActivityType.Answered, "103"),
        ("discussion-comment:acme/docs:1005", ActivityType.Answered, "101"),
        ("discussion-comment:acme/docs:1006", ActivityType.Answered, "101"),
        ("discussion-comment:acme/docs:1007", ActivityType.Answered, "103"),
        ("discussion-reply:acme/docs:2001", ActivityType.Commented, "103"),
        ("discussion-reply:acme/docs:2002", ActivityType.Commented, "101"),
        ("discussion:acme/docs#10", ActivityType.Asked, "101"),
        ("discussion:acme/docs#11", ActivityType.Asked, "102"),
    ];

    [Fact]
    public async Task Discussions_are_asked_comments_answered_the_marked_answer_accepted_and_replies_commented()
    {
        var gh = DiscussionSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(ExpectedDiscussions, (await ConnectorFixtures.ActivitiesAsync(host.Host)).Select(a => (a.EventId, a.Type, a.Actor)).ToArray());
        // Accepting the answer is reuse of Bob's comment (an item of its own under the discussion), done by Ada who chose it.
        var answer = await host.Host.QueryAsync(db => db.KnowledgeItems.AsNoTracking().Where(i => i.ExternalId == "acme/docs#10/comment/1001")
            .Select(i => new { i.Kind, Author = i.AuthorAccount!.ExternalId, Parent = i.Parent!.ExternalId }).SingleAsync());
        Assert.Equal(("discussion-comment", "102", "acme/docs#10"), (answer.Kind, answer.Author, answer.Parent));
        Assert.Equal(new DateTime(2026, 10, 1, 9, 5, 0, DateTimeKind.Utc), (await ConnectorFixtures.ActivityAsync(host.Host, "discussion-answer:acme/docs:1001")).OccurredAt);
        // Pages of two: acme/docs's three discussions take two pages, and the three comments of #10 and of #11 one further
        // query each; acme/tools has none (one query).
        Assert.Equal(2 + 2 + 1, api.Requests.Count(r => r == "POST /graphql"));
        Assert.All(api.Authorizations, a => Assert.Equal("Bearer " + Token, a));
    }

    [Fact]
    public async Task Discussions_can_be_switched_off_and_are_never_asked_for_without_a_token_setting()
    {
        var gh = DiscussionSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, discussions: false);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(0, result.Inserted);
        Assert.DoesNotContain(api.Requests, r => r.Contains("graphql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_on_GraphQL_is_waited_out_and_a_token_without_access_to_discussions_stops_the_run_naming_it()
    {
        var gh = DiscussionSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/graphql", 429, new Dictionary<string, string> { ["Retry-After"] = "15" });

        var result = await host.SyncAsync();

        Assert.Equal(ExpectedDiscussions.Length, result.Inserted);
        Assert.Equal([TimeSpan.FromSeconds(15)], host.Delay.Waits);

        gh.GraphQlError = "FORBIDDEN";
        var error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync(fromStart: true));
        Assert.Contains("Discussions read-only", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_comment_on_an_old_discussion_is_read_and_older_discussions_are_not_listed_again()
    {
        var gh = DiscussionSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        gh.AddDiscussionComment("acme/docs", 10, 1008, FakeGitHub.Carol, (int)(IngestionHost.Now.AddMinutes(5) - FakeGitHub.Start).TotalMinutes);
        var before = api.Requests.Count;

        var second = await host.SyncAsync();

        Assert.Equal(1, second.Inserted);
        Assert.Equal(ActivityType.Answered, (await ConnectorFixtures.ActivityAsync(host.Host, "discussion-comment:acme/docs:1008")).Type);
        // #10 is the newest now; the first page (#10, #12) reaches older ones, so the second page is never asked for.
        Assert.Equal(2 + 1, api.Requests.Skip(before).Count(r => r == "POST /graphql")); // acme/docs page 1 and #10's comments; acme/tools
    }

    [Fact]
    public async Task A_run_cancelled_in_the_discussions_and_resumed_ends_like_an_uninterrupted_run()
    {
        var gh = new FakeGitHub();
        var people = new[] { FakeGitHub.Ada, FakeGitHub.Bob, FakeGitHub.Carol };
        for (var n = 1; n <= 40; n++)
        {
            gh.AddDiscussion("acme/docs", n, people[n % 3], n);
            gh.AddDiscussionComment("acme/docs", n, 1000 + n, people[(n + 1) % 3], 100 + n);
            gh.AddDiscussionComment("acme/docs", n, 2000 + n, people[(n + 2) % 3], 200 + n);
            gh.AddDiscussionComment("acme/docs", n, 3000 + n, people[n % 3], 300 + n, parent: 1000 + n);
            if (n % 2 == 0)
                gh.MarkAnswer("acme/docs", n, 1000 + n, people[n % 3], 400 + n);
        }

        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 25);
        await reference.SyncAsync();
        var total = (await reference.Host.CountsAsync()).Activities;
        Assert.Equal(40 * 4 + 20, total);

        await using var interrupted = await HostAsync(api, pageSize: 25);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 100, total - 1);

        await interrupted.SyncAsync();

        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
        Assert.Contains("|done|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);
    }

    private static FakeGitHub CommitSample()
    {
        var gh = new FakeGitHub();
        gh.AddCommit("acme/docs", "a1", FakeGitHub.Ada, 0, [new("added", "docs/guide.md"), new("added", "src/app.cs")]);
        gh.AddCommit("acme/docs", "a2", FakeGitHub.Bob, 1, [new("modified", "docs/guide.md"), new("added", "README.md")]);
        gh.AddCommit("acme/docs", "a3", FakeGitHub.Carol, 2, [new("modified", "src/app.cs")]); // code only
        gh.AddCommit("acme/docs", "a4", FakeGitHub.Dependabot, 3, [new("modified", "README.md")], email: "49699333+dependabot[bot]@users.noreply.github.com");
        gh.AddCommit("acme/docs", "a5", FakeGitHub.Ada, 4, [new("modified", "docs/guide.md")], merge: true);
        // No GitHub user linked to the e-mail: credited by e-mail, as the git connector does; a co-author from the trailer.
        gh.AddCommit("acme/docs", "a6", null, 5, [new("renamed", "docs/howto.md", "docs/guide.md"), new("removed", "docs/old.rst")],
            email: "Dana@Example.com", name: "Dana", message: "Rename the guide\n\nCo-authored-by: Erin <erin@example.com>\n");
        gh.AddCommit("acme/tools", "b1", FakeGitHub.Carol, 10, [new("added", "docs/index.md")]);
        return gh;
    }

    private static readonly (string, ActivityType, string?, string?)[] ExpectedCommits =
    [
        ("commit:acme/docs:a1:docs/guide.md:101", ActivityType.Authored, "101", "acme/docs:docs/guide.md"),
        ("commit:acme/docs:a2:README.md:102", ActivityType.Authored, "102", "acme/docs:README.md"),
        ("commit:acme/docs:a2:docs/guide.md:102", ActivityType.Edited, "102", "acme/docs:docs/guide.md"),
        ("commit:acme/docs:a6:docs/howto.md:dana@example.com", ActivityType.Edited, "dana@example.com", "acme/docs:docs/howto.md"),
        ("commit:acme/docs:a6:docs/howto.md:erin@example.com", ActivityType.Edited, "erin@example.com", "acme/docs:docs/howto.md"),
        ("commit:acme/docs:a6:docs/old.rst:dana@example.com", ActivityType.Edited, "dana@example.com", "acme/docs:docs/old.rst"),
        ("commit:acme/docs:a6:docs/old.rst:erin@example.com", ActivityType.Edited, "erin@example.com", "acme/docs:docs/old.rst"),
        ("commit:acme/tools:b1:docs/index.md:103", ActivityType.Authored, "103", "acme/tools:docs/index.md"),
    ];

    [Fact]
    public async Task Documentation_commits_follow_the_git_rules_across_pages_and_leave_out_code_bots_and_merges()
    {
        var gh = CommitSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, discussions: false);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(ExpectedCommits, (await ConnectorFixtures.ActivitiesAsync(host.Host)).Select(a => (a.EventId, a.Type, a.Actor, a.Item)).ToArray());
        // The renamed file keeps the creator this run saw add it under its old path (the git connector's rule).
        var renamed = await host.Host.QueryAsync(db => db.KnowledgeItems.AsNoTracking().Where(i => i.ExternalId == "acme/docs:docs/howto.md")
            .Select(i => new { i.Kind, i.Title, i.Url, Author = i.AuthorAccount!.ExternalId }).SingleAsync());
        Assert.Equal(("file", "docs/howto.md", "https://github.com/acme/docs/blob/a6/docs/howto.md", "101"), (renamed.Kind, renamed.Title, renamed.Url, renamed.Author));
        var run = await host.LastRunAsync();
        var skips = await host.Host.QueryAsync(db => db.SyncRunSkips.AsNoTracking().Where(k => k.SyncRunId == run.Id).ToDictionaryAsync(k => k.Reason, k => k.Count));
        Assert.Equal(new Dictionary<string, long>
        {
            [GitConnector.SkipNoFile] = 1,
            [GitHubConnector.SkipBotCommit] = 1,
            [GitConnector.SkipMerge] = 1,
        }, skips);
        // Pages of two: acme/docs's six commits take three pages of the listing; the merge's files are never asked for.
        Assert.Contains(api.Requests, r => r.StartsWith("GET /repos/acme/docs/commits?", StringComparison.Ordinal) && r.Contains("page=3", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Requests, r => r.StartsWith("GET /repos/acme/docs/commits/a5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_of_many_files_is_read_across_its_pages_and_the_paths_are_configurable()
    {
        var gh = new FakeGitHub { FilesPerPage = 2 };
        gh.AddCommit("acme/docs", "c1", FakeGitHub.Ada, 0,
            [new("added", "src/a.cs"), new("added", "src/b.cs"), new("added", "handbook/intro.txt"), new("added", "README.md")]);
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await LiveSourceHost.CreateAsync("gh", new Dictionary<string, string?>
        {
            ["Kind"] = GitHubConnector.KindName,
            ["BaseUrl"] = api.Address.ToString(),
            ["Repositories:0"] = "acme/docs",
            ["DocumentationPaths:0"] = "handbook/**",
        });

        await host.SyncAsync();

        Assert.Equal(["commit:acme/docs:c1:handbook/intro.txt:101"], (await ConnectorFixtures.ActivitiesAsync(host.Host)).Select(a => a.EventId));
        Assert.Contains("GET /repos/acme/docs/commits/c1?page=2", api.Requests);
    }

    [Fact]
    public async Task Commits_read_again_are_duplicates_and_a_commit_after_the_cursor_is_added()
    {
        var gh = CommitSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, discussions: false);
        await host.SyncAsync();

        var again = await host.SyncAsync(fromStart: true);

        Assert.Equal(0, again.Inserted);
        Assert.Equal(ExpectedCommits.Length, again.Duplicates);

        gh.AddCommit("acme/docs", "a7", FakeGitHub.Carol, (int)(IngestionHost.Now.AddMinutes(5) - FakeGitHub.Start).TotalMinutes, [new("modified", "docs/howto.md")]);
        var next = await host.SyncAsync();

        Assert.Equal(1, next.Inserted);
        Assert.Equal(ActivityType.Edited, (await ConnectorFixtures.ActivityAsync(host.Host, "commit:acme/docs:a7:docs/howto.md:103")).Type);
        Assert.Contains(api.Requests, r => r.StartsWith("GET /repos/acme/docs/commits?", StringComparison.Ordinal) && r.Contains("since=2026-11-01T07%3A50%3A00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commits_can_be_switched_off()
    {
        var gh = CommitSample();
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, discussions: false, commits: false);

        var result = await host.SyncAsync();

        Assert.Equal(0, result.Inserted);
        Assert.DoesNotContain(api.Requests, r => r.Contains("/commits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_gone_after_it_was_listed_is_skipped_and_counted()
    {
        var gh = CommitSample();
        gh.GoneCommits.Add("a2");
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var host = await HostAsync(api, discussions: false);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(1, result.Rejected);
        Assert.Equal(ExpectedCommits.Length - 2, result.Inserted);
        Assert.Contains("force-pushed", (await host.Host.QueryAsync(db => db.Rejections.AsNoTracking().SingleAsync())).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_cancelled_in_the_commits_and_resumed_ends_like_an_uninterrupted_run()
    {
        var gh = new FakeGitHub();
        var people = new[] { FakeGitHub.Ada, FakeGitHub.Bob, FakeGitHub.Carol };
        for (var n = 1; n <= 80; n++)
        {
            gh.AddCommit("acme/docs", $"c{n}", people[n % 3], n,
                [new(n <= 40 ? "added" : "modified", $"docs/page{n % 40}.md"), new("modified", $"notes/n{n}.rst"), new("modified", "src/x.cs")]);
        }

        gh.AddIssue("acme/tools", 1, FakeGitHub.Ada, 0, pull: false);
        await using var api = await FakeApi.StartAsync(gh.HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 25, discussions: false);
        await reference.SyncAsync();
        var total = (await reference.Host.CountsAsync()).Activities;
        Assert.Equal(80 * 2 + 1, total);

        await using var interrupted = await HostAsync(api, pageSize: 25, discussions: false);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 100, total - 1);
        Assert.Contains("|acme/docs|commits|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);

        await interrupted.SyncAsync();

        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
        Assert.Contains("|done|", (await interrupted.SourceAsync()).Cursor, StringComparison.Ordinal);
    }
}

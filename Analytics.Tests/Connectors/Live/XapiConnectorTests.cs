using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Connectors.Xapi;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Live;

/// <summary>The xAPI connector against a fake LRS on 127.0.0.1: mapping, pages, faults, overlap, voiding, resume.</summary>
public sealed class XapiConnectorTests
{
    private static readonly Dictionary<string, string> RetryAfter7 = new() { ["Retry-After"] = "7" };

    private static Task<LiveSourceHost> HostAsync(FakeApi api, int pageSize = 3, string overlap = "00:10:00", int batchSize = 100,
        string? password = "lrs-secret") =>
        LiveSourceHost.CreateAsync("lrs", new Dictionary<string, string?>
        {
            ["Kind"] = XapiConnector.KindName,
            ["BaseUrl"] = new Uri(api.Address, FakeLrs.Root).ToString(),
            ["Username"] = "lrs-key",
            ["Password"] = password,
            ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Overlap"] = overlap,
        }, batchSize);

    private static FakeLrs Catalogue()
    {
        var lrs = new FakeLrs();
        var ada = FakeLrs.Mbox("Ada@Example.com", "Ada Lovelace");
        var bob = FakeLrs.Account("https://lms.example.com/", "b.builder", "Bob Builder");
        var at = FakeLrs.Start;
        lrs.Add("completed", ada, "https://lms.example.com/course/101", at.AddMinutes(1), "PT1H30M", id: Guid.Parse("00000000-0000-0000-0000-000000000001"));
        lrs.Add("passed", bob, "https://lms.example.com/course/102", at.AddMinutes(2), "PT45M", id: Guid.Parse("00000000-0000-0000-0000-000000000002"));
        lrs.Add("attended", ada, "https://lms.example.com/meeting/201", at.AddMinutes(3), "PT2H", id: Guid.Parse("00000000-0000-0000-0000-000000000003"));
        lrs.Add("experienced", bob, "https://lms.example.com/video/301", at.AddMinutes(4), id: Guid.Parse("00000000-0000-0000-0000-000000000004"));
        lrs.Add("launched", ada, "https://lms.example.com/course/101", at.AddMinutes(5));
        lrs.Add("completed", new System.Text.Json.Nodes.JsonObject { ["objectType"] = "Group", ["member"] = new System.Text.Json.Nodes.JsonArray() },
            "https://lms.example.com/course/103", at.AddMinutes(6), id: Guid.Parse("00000000-0000-0000-0000-000000000006"));
        lrs.Add("completed", bob, "https://lms.example.com/course/104", at.AddMinutes(7), "PT1H", id: Guid.Parse("00000000-0000-0000-0000-000000000007"));
        return lrs;
    }

    [Fact]
    public async Task Statements_across_pages_become_learning_activities_with_hours_and_matched_actors()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(5, result.Inserted);
        Assert.Equal(1, result.Rejected); // the Group actor; "launched" is skipped, not rejected
        var activities = await host.Host.QueryAsync(db => db.Activities.AsNoTracking().OrderBy(a => a.SourceEventId)
            .Select(a => new { a.SourceEventId, a.Type, a.Quantity, Actor = a.ActorAccount!.ExternalId, Email = a.ActorAccount.Email, Item = a.Item!.ExternalId, a.OccurredAt })
            .ToListAsync());
        Assert.Equal(
        [
            ("stmt:00000000-0000-0000-0000-000000000001", ActivityType.Completed, 1.5, "mailto:ada@example.com"),
            ("stmt:00000000-0000-0000-0000-000000000002", ActivityType.Completed, 0.75, "account:https://lms.example.com|b.builder"),
            ("stmt:00000000-0000-0000-0000-000000000003", ActivityType.Attended, 2.0, "mailto:ada@example.com"),
            ("stmt:00000000-0000-0000-0000-000000000004", ActivityType.Attended, 1.0, "account:https://lms.example.com|b.builder"),
            ("stmt:00000000-0000-0000-0000-000000000007", ActivityType.Completed, 1.0, "account:https://lms.example.com|b.builder"),
        ], activities.Select(a => (a.SourceEventId, a.Type, a.Quantity, a.Actor)).ToList());
        Assert.Equal("ada@example.com", activities[0].Email);
        Assert.Equal("https://lms.example.com/course/101", activities[0].Item);
        Assert.Equal(new DateTime(2026, 10, 1, 8, 56, 0, DateTimeKind.Utc), activities[0].OccurredAt); // the statement's timestamp
        // Seven statements, three per page: three pages, followed through "more".
        Assert.Equal(3, api.Requests.Count);
        Assert.Contains(api.Requests, r => r.Contains("/statements/more/", StringComparison.Ordinal));
        var run = await host.LastRunAsync();
        Assert.Equal(3, run.PagesRead);
        Assert.Equal($"xapi1:{FakeLrs.Start.AddMinutes(7).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}Z", (await host.SourceAsync()).Cursor);
        // The credentials went in the Authorization header, never in an address.
        Assert.All(api.Authorizations, a => Assert.StartsWith("Basic ", a, StringComparison.Ordinal));
        Assert.DoesNotContain(api.Requests, r => r.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_with_Retry_After_mid_run_waits_that_long_and_ends_like_an_uninterrupted_run()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/statements/more/", 429, RetryAfter7);

        var result = await host.SyncAsync();

        Assert.Equal(5, result.Inserted);
        Assert.Equal([TimeSpan.FromSeconds(7)], host.Delay.Waits);
        var run = await host.LastRunAsync();
        Assert.Equal(1, run.RateLimitWaits);
        Assert.Equal(7, run.RateLimitWaitSeconds);
        Assert.Equal(0, run.Retries);
        Assert.Equal(4, api.Requests.Count); // the refused page was asked again
    }

    [Fact]
    public async Task A_500_is_retried_and_the_run_succeeds()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/statements/more/", 500);

        var result = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
        Assert.Equal(5, result.Inserted);
        Assert.Equal(1, (await host.LastRunAsync()).Retries);
        Assert.Empty(host.Delay.Waits);
    }

    [Fact]
    public async Task A_key_without_read_permission_stops_the_run_naming_the_permission()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);
        api.FailNext("/statements", 403);

        var error = await Assert.ThrowsAsync<SourcePermissionException>(() => host.SyncAsync());

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Contains("statements/read", error.Message, StringComparison.Ordinal);
        var run = await host.LastRunAsync();
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("statements/read", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("lrs-secret", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Host.CountsAsync()).Activities);
    }

    [Fact]
    public async Task A_statement_stored_late_behind_the_cursor_is_read_by_the_overlap_and_the_rest_are_duplicates()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        // Stored 2 minutes before the cursor but visible only now (an LRS's eventual consistency, a late upload).
        lrs.Add("completed", FakeLrs.Mbox("carol@example.com", "Carol"), "https://lms.example.com/course/105", FakeLrs.Start.AddMinutes(5), "PT1H",
            id: Guid.Parse("00000000-0000-0000-0000-000000000008"));

        var second = await host.SyncAsync();

        Assert.Equal(1, second.Inserted);
        Assert.True(second.Duplicates > 0);
        Assert.Contains(api.Requests, r => r.Contains("since=2026-10-01T08%3A57%3A00", StringComparison.Ordinal)); // cursor 09:07 minus 10 minutes
        await ConnectorFixtures.ActivityAsync(host.Host, "stmt:00000000-0000-0000-0000-000000000008");
    }

    [Fact]
    public async Task Without_overlap_the_late_statement_is_missed()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api, overlap: "00:00:00");
        await host.SyncAsync();
        lrs.Add("completed", FakeLrs.Mbox("carol@example.com", "Carol"), "https://lms.example.com/course/105", FakeLrs.Start.AddMinutes(5), "PT1H");

        var second = await host.SyncAsync();

        Assert.Equal(0, second.Inserted);
    }

    [Fact]
    public async Task A_voided_statement_removes_the_activity_it_voided()
    {
        var lrs = Catalogue();
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await HostAsync(api);
        await host.SyncAsync();
        lrs.Void(Guid.Parse("00000000-0000-0000-0000-000000000001"), FakeLrs.Mbox("admin@example.com", "LMS admin"), FakeLrs.Start.AddMinutes(30));

        var second = await host.SyncAsync();

        Assert.Equal(SyncRunStatus.Succeeded, second.Status);
        Assert.DoesNotContain(await ConnectorFixtures.ActivitiesAsync(host.Host), a => a.EventId == "stmt:00000000-0000-0000-0000-000000000001");
        Assert.Equal(4, (await host.Host.CountsAsync()).Activities);
        Assert.Equal(1, (await host.LastRunAsync()).Removed);
        // Its day is recomputed by aggregation.
        Assert.True(await host.Host.QueryAsync(db => db.DirtyDays.AnyAsync(d => d.Day == new DateOnly(2026, 10, 1))));
        // Reading everything again does not bring it back: the LRS no longer returns a voided statement.
        await host.SyncAsync(fromStart: true);
        Assert.Equal(4, (await host.Host.CountsAsync()).Activities);
    }

    [Fact]
    public async Task A_run_cancelled_half_way_and_resumed_ends_like_an_uninterrupted_run()
    {
        var lrs = new FakeLrs();
        for (var i = 0; i < 250; i++)
        {
            var who = FakeLrs.Mbox(string.Create(CultureInfo.InvariantCulture, $"learner{i % 17}@example.com"), "Learner");
            lrs.Add(i % 3 == 0 ? "attended" : "completed", who, string.Create(CultureInfo.InvariantCulture, $"https://lms.example.com/course/{i % 40:000}"),
                FakeLrs.Start.AddSeconds(i * 30), "PT30M");
        }

        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var reference = await HostAsync(api, pageSize: 40);
        await reference.SyncAsync();

        await using var interrupted = await HostAsync(api, pageSize: 40);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted.SyncAsync(progress: new CancelOnFirstBatch(cancel), ct: cancel.Token));
        var partial = (await interrupted.Host.CountsAsync()).Activities;
        Assert.InRange(partial, 100, 249);
        Assert.Equal(SyncRunStatus.Cancelled, (await interrupted.LastRunAsync()).Status);

        var rerun = await interrupted.SyncAsync();

        Assert.Equal(250, (await interrupted.Host.CountsAsync()).Activities);
        Assert.Equal(250 - partial, rerun.Inserted);
        Assert.Equal(await ConnectorFixtures.ActivitiesAsync(reference.Host), await ConnectorFixtures.ActivitiesAsync(interrupted.Host));
    }
}

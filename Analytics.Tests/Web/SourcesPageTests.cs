using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

/// <summary>
/// Runs alone: Hangfire's job activator is process-wide (set by the host configured last), so while another test
/// host starts in parallel, the job this class enqueues can be activated with that host's services and database.
/// One host per process in production; see the report of the Sources work.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialHangfireCollection
{
    public const string Name = "serial-hangfire";
}

/// <summary>The admin's Sources pages over the real app: real SQLite, real Hangfire server, real connectors.</summary>
[Collection(SerialHangfireCollection.Name)]
public sealed partial class SourcesPageTests : IClassFixture<SourcesPageTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public SourcesPageTests(Factory factory) => _web = factory.Web;

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    /// <summary>Writes an activity CSV into the app's data folder and registers it as a source of kind activity-csv.</summary>
    private async Task<int> AddCsvSourceAsync(string name, string csv, bool enabled = true)
    {
        Directory.CreateDirectory(_web.DataFolder);
        var path = Path.Combine(_web.DataFolder, $"{name}.csv");
        await File.WriteAllTextAsync(path, csv, Encoding.UTF8);
        await using var db = Db();
        var source = new SourceSystem { Name = name, Kind = "activity-csv", Location = path, Enabled = enabled, CreatedAt = DateTimeOffset.UtcNow };
        db.SourceSystems.Add(source);
        await db.SaveChangesAsync();
        return source.Id;
    }

    private const string Header = "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity\n";

    private static string GoodCsv(string prefix) =>
        Header + string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"{prefix}-{i},2026-10-0{i}T09:00:00Z,alice@example.com,,authored,{prefix}-p{i},,,page,alice@example.com,,\n"));

    private static async Task<string> TokenAsync(HttpClient client) => await SignIn.AntiforgeryTokenAsync(client, "/Sources");

    [Fact]
    public async Task Admin_sees_every_source_with_run_counts_that_match_the_database()
    {
        await AddCsvSourceAsync($"listed-{Guid.NewGuid():N}", GoodCsv("l"));
        await using var db = Db();
        var sources = await db.SourceSystems.AsNoTracking().ToListAsync();
        var counts = await db.SyncRuns.GroupBy(r => r.SourceSystemId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        using var client = await ClientAsync("admin");

        var response = await client.GetAsync("/Sources");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(sources.Count >= 6, "the demo organisation's sources and the test's own");
        foreach (var source in sources)
        {
            var section = Section(html, source.Id);
            Assert.Contains(WebUtility.HtmlEncode(source.Name), section, StringComparison.Ordinal);
            Assert.Equal(counts.GetValueOrDefault(source.Id).ToString("N0", Inv), Regex.Match(section, "data-run-count>([^<]*)<").Groups[1].Value);
            Assert.Equal(source.Enabled ? "yes" : "no", Regex.Match(section, "data-enabled>([^<]*)<").Groups[1].Value);
        }

        // The demo sources have a run each (read = inserted = their activities) but no connector to sync them.
        var demo = sources.First(s => s.Kind == "demo");
        var demoRun = await db.SyncRuns.SingleAsync(r => r.SourceSystemId == demo.Id);
        var demoSection = Section(html, demo.Id);
        Assert.Contains($"data-run=\"{demoRun.Id}\"", demoSection, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"num\" data-count=\"read\">{demoRun.Read.ToString("N0", Inv)}</td>", demoSection, StringComparison.Ordinal);
        Assert.Contains("data-not-syncable", demoSection, StringComparison.Ordinal);
        Assert.Matches("<a href=\"/Sources\"[^>]*>Sources</a>", html);
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("manager")]
    [InlineData("leadership")]
    [InlineData("employee")]
    public async Task Other_roles_are_refused_every_sources_route_and_see_no_nav_link(string user)
    {
        var id = await AddCsvSourceAsync($"refused-{user}-{Guid.NewGuid():N}", GoodCsv("r"));
        using var client = await ClientAsync(user);
        foreach (var route in new[] { "/Sources", $"/Sources/{id}", "/Sources/Runs/1" })
        {
            var response = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        // A valid token of this user (from the sign-out form every page has) still does not open the POST.
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Definitions");
        var post = await client.PostAsync($"/Sources/{id}?handler=Sync", Form(token));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await using var db = Db();
        Assert.False(await db.SyncRuns.AnyAsync(r => r.SourceSystemId == id));
        Assert.DoesNotContain("href=\"/Sources\"", await client.GetStringAsync("/Definitions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_now_without_an_antiforgery_token_is_rejected_and_enqueues_nothing()
    {
        var id = await AddCsvSourceAsync($"forged-{Guid.NewGuid():N}", GoodCsv("f"));
        using var client = await ClientAsync("admin");

        var response = await client.PostAsync($"/Sources/{id}?handler=Sync", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a job enqueued by mistake would have started by now (polling every 0.2 s)
        await using var db = Db();
        Assert.False(await db.SyncRuns.AnyAsync(r => r.SourceSystemId == id));
    }

    [Fact]
    public async Task Sync_now_enqueues_the_sync_job_which_the_hangfire_server_runs_into_a_new_run()
    {
        var id = await AddCsvSourceAsync($"synced-{Guid.NewGuid():N}", GoodCsv("s"));
        using var client = await ClientAsync("admin");

        var response = await client.PostAsync($"/Sources/{id}?handler=Sync", Form(await TokenAsync(client)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Sources/{id}", response.Headers.Location!.OriginalString);
        var confirmation = await client.GetStringAsync($"/Sources/{id}");
        Assert.Matches("class=\"notice\" role=\"status\">Sync of synced-[0-9a-f]+ queued as job [^ ]+\\.", confirmation);

        var run = await PollForFinishedRunAsync(id);
        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(3, run.Read);
        Assert.Equal(3, run.Inserted);
        Assert.Equal("manual", run.Trigger);
        var page = await client.GetStringAsync($"/Sources/{id}");
        Assert.Contains($"data-run=\"{run.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-run-count>1<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_source_cannot_be_synced_and_an_unknown_source_is_404()
    {
        var id = await AddCsvSourceAsync($"disabled-{Guid.NewGuid():N}", GoodCsv("d"), enabled: false);
        using var client = await ClientAsync("admin");
        var token = await TokenAsync(client);

        Assert.Contains("Disabled: cannot be synced.", await client.GetStringAsync($"/Sources/{id}"), StringComparison.Ordinal);
        var refused = await client.PostAsync($"/Sources/{id}?handler=Sync", Form(token));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("is disabled and cannot be synced", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/Sources/999999?handler=Sync", Form(token))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Sources/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Sources/Runs/999999")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var db = Db();
        Assert.False(await db.SyncRuns.AnyAsync(r => r.SourceSystemId == id));
    }

    [Fact]
    public async Task A_scheduled_source_shows_its_cron_in_words_and_the_next_run_of_its_recurring_job()
    {
        var name = $"scheduled-{Guid.NewGuid():N}";
        var id = await AddCsvSourceAsync(name, GoodCsv("c"));
        await using (var db = Db())
        {
            var source = await db.SourceSystems.SingleAsync(s => s.Id == id);
            source.Schedule = "30 2 * * *";
            await db.SaveChangesAsync();
        }

        using var client = await ClientAsync("admin");
        Assert.Contains("<dd>not scheduled</dd>", await client.GetStringAsync($"/Sources/{id}"), StringComparison.Ordinal);

        // What the refresh job does every five minutes: one recurring job per scheduled source.
        await using (var scope = _web.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Analytics.Jobs.Ingestion.Scheduling.SyncSchedule>().ApplyAsync(CancellationToken.None);
        using var connection = _web.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var next = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection, [$"sync:{name}"]).Single().NextExecution;
        Assert.NotNull(next);

        var html = await client.GetStringAsync($"/Sources/{id}");
        Assert.Contains("<code>30 2 * * *</code>", html, StringComparison.Ordinal);
        Assert.Contains("(daily at 02:30)", html, StringComparison.Ordinal);
        Assert.Contains($"<dd>{next.Value.ToString("yyyy-MM-dd HH:mm", Inv)}</dd>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/15 * * * *", "every 15 minutes")]
    [InlineData("5 * * * *", "hourly at :05")]
    [InlineData("0 6 * * 1", "every Monday at 06:00")]
    [InlineData("0 6 * * 7", "every Sunday at 06:00")]
    [InlineData("0 3 1 * *", "monthly on day 1 at 03:00")]
    [InlineData("0 3 * 1 *", null)]
    [InlineData("0 3 * * 1-5", null)]
    [InlineData("nonsense", null)]
    [InlineData(null, null)]
    public void Common_cron_shapes_are_described_in_words(string? cron, string? words) =>
        Assert.Equal(words, Analytics.Web.Sources.CronText.Describe(cron));

    [Fact]
    public async Task Rejections_of_a_run_are_paged_fifty_at_a_time()
    {
        // 120 rows of an unknown activity type, imported by the real connector: 120 rejections, lines 2 to 121.
        var name = $"rejecting-{Guid.NewGuid():N}";
        var csv = Header + string.Concat(Enumerable.Range(1, 120).Select(i => $"x-{i},2026-10-01T09:00:00Z,alice@example.com,,liked,p-1,,,page,,,\n"));
        var runId = await ImportAsync(name, csv);
        using var client = await ClientAsync("admin");

        var first = await client.GetStringAsync($"/Sources/Runs/{runId}");
        var second = await client.GetStringAsync($"/Sources/Runs/{runId}?pageNumber=2");
        var third = await client.GetStringAsync($"/Sources/Runs/{runId}?pageNumber=3");

        Assert.Equal(50, RejectionIds(first).Count);
        Assert.Equal(50, RejectionIds(second).Count);
        Assert.Equal(20, RejectionIds(third).Count);
        Assert.Equal(120, RejectionIds(first).Concat(RejectionIds(second)).Concat(RejectionIds(third)).Distinct().Count());
        Assert.Contains("Rejections 1–50 of 120", first, StringComparison.Ordinal);
        Assert.Contains("Rejections 101–120 of 120", third, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Sources/Runs/{runId}?pageNumber=2\"", first, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", third, StringComparison.Ordinal);
        Assert.Contains($"{name}.csv:2", first, StringComparison.Ordinal);
        Assert.Contains("unknown activity type &#x27;liked&#x27;", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/Sources/Runs/{runId}?pageNumber=0")).StatusCode);
    }

    [Fact]
    public async Task A_runs_page_says_how_many_records_were_skipped_and_why()
    {
        // The real Slack fixture through the real connector: a join, a purpose change, two bot messages and a reaction
        // to one's own message are read and not imported (issue 22).
        await using (var scope = _web.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<SourceSync>().ImportAsync($"chat-{Guid.NewGuid():N}",
                Analytics.Jobs.Connectors.Slack.SlackConnector.KindName, Analytics.Tests.Connectors.ConnectorFixtures.Path("slack", "export"),
                new IngestionRequest("test"), null, CancellationToken.None);
            using var client = await ClientAsync("admin");

            var html = await client.GetStringAsync($"/Sources/Runs/{result.SyncRunId}");

            Assert.Equal(5, result.Skipped);
            Assert.Contains("<td class=\"num\" data-count=\"skipped\">5</td>", html, StringComparison.Ordinal);
            Assert.Contains("Skipped records by reason, 5 in all", html, StringComparison.Ordinal);
            var rows = SkipRow().Matches(html).Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
            Assert.Equal(result.SkippedByReason, rows);
            Assert.Contains(rows, r => r.Item1 == Analytics.Jobs.Connectors.Slack.SlackConnector.SkipBot && r.Item2 == 2);
        }

        var quietName = $"quiet-{Guid.NewGuid():N}";
        var quiet = await ImportAsync(quietName, GoodCsv("q"));
        using var admin = await ClientAsync("admin");
        var quietPage = await admin.GetStringAsync($"/Sources/Runs/{quiet}");
        Assert.Contains("This run skipped nothing.", quietPage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-run-note", quietPage, StringComparison.Ordinal);

        // The same file again reads nothing: the page says it is already imported and how to read it again, as the CLI does.
        var again = await ImportAsync(quietName, GoodCsv("q"));
        var againPage = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Sources/Runs/{again}"));
        Assert.Contains($"Nothing new: this export is already imported into source '{quietName}'", againPage, StringComparison.Ordinal);
        Assert.Contains("--from-start", againPage, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr data-skip><td>([^<]*)</td><td class=\"num\" data-count>([0-9,]+)</td></tr>")]
    private static partial Regex SkipRow();

    [Fact]
    public async Task Markup_from_hostile_files_renders_as_text_and_no_person_is_named()
    {
        // A rejection reason quoting a hostile value, from the real connector.
        var csv = Header + "h-1,2026-10-01T09:00:00Z,alice@example.com,,<script>alert(1)</script>,p-1,,,page,,,\n";
        var runId = await ImportAsync($"hostile-{Guid.NewGuid():N}", csv);
        // An error message carrying markup, and a run started from the web by a named person.
        long failedId;
        int sourceId;
        await using (var db = Db())
        {
            sourceId = (await db.SyncRuns.SingleAsync(r => r.Id == runId)).SourceSystemId;
            var failed = new SyncRun
            {
                SourceSystemId = sourceId, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow, Status = SyncRunStatus.Failed,
                Trigger = "web:jane.doe@example.com", Error = "<img src=x onerror=alert(2)> broke",
            };
            db.SyncRuns.Add(failed);
            await db.SaveChangesAsync();
            failedId = failed.Id;
        }

        using var client = await ClientAsync("admin");
        var run = await client.GetStringAsync($"/Sources/Runs/{runId}");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", run, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", run, StringComparison.Ordinal);

        foreach (var page in new[] { await client.GetStringAsync($"/Sources/{sourceId}"), await client.GetStringAsync("/Sources"), await client.GetStringAsync($"/Sources/Runs/{failedId}") })
        {
            Assert.Contains("&lt;img src=x onerror=alert(2)&gt; broke", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
            Assert.DoesNotContain("jane.doe", page, StringComparison.Ordinal);
            Assert.Contains("<td>web</td>", page, StringComparison.Ordinal);
        }
    }

    private async Task<long> ImportAsync(string name, string csv)
    {
        var path = Path.Combine(_web.DataFolder, $"{name}.csv");
        await File.WriteAllTextAsync(path, csv, Encoding.UTF8);
        await using var scope = _web.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<SourceSync>()
            .ImportAsync(name, "activity-csv", path, new IngestionRequest("test"), null, CancellationToken.None);
        return result.SyncRunId;
    }

    private async Task<SyncRun> PollForFinishedRunAsync(int sourceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Db();
            var run = await db.SyncRuns.AsNoTracking().SingleOrDefaultAsync(r => r.SourceSystemId == sourceId && r.Status != SyncRunStatus.Running);
            if (run is not null)
                return run;
            await Task.Delay(200);
        }

        // Say why: a failed attempt waits for its retry, with the exception in the job's state history.
        var monitoring = _web.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var states = monitoring.ScheduledJobs(0, 20).Select(j => monitoring.JobDetails(j.Key))
            .SelectMany(d => d.History).Select(h => $"{h.StateName}: {h.Reason} {string.Join("; ", h.Data.Select(kv => $"{kv.Key}={kv.Value}"))}");
        throw new TimeoutException($"no finished run of source {sourceId} within 120 s: {string.Join(Environment.NewLine, states)}");
    }

    private static FormUrlEncodedContent Form(string token) =>
        new(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });

    private static string Section(string html, int sourceId)
    {
        var match = Regex.Match(html, $"<section class=\"source\" data-source=\"{sourceId}\"[\\s\\S]*?</section>");
        Assert.True(match.Success, $"source {sourceId} is not on the page");
        return match.Value;
    }

    private static List<string> RejectionIds(string html) =>
        [.. RejectionPattern().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-rejection=\"(\\d+)\"")]
    private static partial Regex RejectionPattern();
}

using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Connectors.Xapi;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Tests.Reliability;
using Analytics.Tests.Support;
using Analytics.Tests.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// A live source as an admin meets it: `analytics sync --source NAME` (the real command line, configured by environment
/// variables) and the Sources page show the cursor, pages read, rate-limit waits and errors in words, never a credential.
/// </summary>
[Collection(SerialHangfireCollection.Name)]
public sealed class LiveSourceSurfaceTests : IDisposable
{
    private const string Secret = "s3cret-lrs-password-5e1f";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"live-{Guid.NewGuid():N}");

    public LiveSourceSurfaceTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static FakeLrs Lrs()
    {
        var lrs = new FakeLrs();
        for (var i = 0; i < 7; i++)
            lrs.Add("completed", FakeLrs.Mbox($"learner{i}@example.com", "Learner"), $"https://lms.example.com/course/10{i}", FakeLrs.Start.AddMinutes(i), "PT1H");
        return lrs;
    }

    private static Dictionary<string, string> Environment(FakeApi api) => new()
    {
        ["LiveSources__lrs__Kind"] = XapiConnector.KindName,
        ["LiveSources__lrs__BaseUrl"] = new Uri(api.Address, FakeLrs.Root).ToString(),
        ["LiveSources__lrs__Username"] = "lrs-key",
        ["LiveSources__lrs__Password"] = Secret,
        ["LiveSources__lrs__PageSize"] = "3",
        ["LiveSources__lrs__RetryDelay"] = "00:00:00",
        ["Logging__LogLevel__Default"] = "Trace",
    };

    [Fact]
    public async Task Sync_from_the_command_line_reports_pages_waits_and_the_cursor()
    {
        await using var api = await FakeApi.StartAsync(Lrs().HandleAsync);
        api.FailNext("/statements/more/", 429, new Dictionary<string, string> { ["Retry-After"] = "1" });
        var db = Path.Combine(_folder, "cli.db");

        var (exit, output, error) = await CliProcess.RunAsync(Environment(api), "sync", "--source", "lrs", "--db", db);

        Assert.True(exit == 0, output + error);
        Assert.Contains("inserted 7,", output, StringComparison.Ordinal);
        Assert.Contains("Fetched: 3 pages read, 0 retries, 1 rate-limit waits (1 s), 0 removed", output, StringComparison.Ordinal);
        Assert.Contains("cursor xapi1:2026-10-01T09:06:00", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_fails_the_command_line_sync_naming_the_permission()
    {
        await using var api = await FakeApi.StartAsync(Lrs().HandleAsync);
        api.FailNext("/statements", 401);
        var db = Path.Combine(_folder, "cli.db");

        var (exit, output, error) = await CliProcess.RunAsync(Environment(api), "sync", "--source", "lrs", "--db", db);

        Assert.Equal(1, exit);
        Assert.Contains("Sync of source 'lrs' failed:", error, StringComparison.Ordinal);
        Assert.Contains("answered 401", error, StringComparison.Ordinal);
        Assert.Contains("statements/read", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sources_page_shows_cursor_fetch_counts_and_errors_but_no_credential()
    {
        await using var api = await FakeApi.StartAsync(Lrs().HandleAsync);
        await using var web = new AnalyticsWebFactory(configure: builder =>
        {
            foreach (var (key, value) in Environment(api))
                builder.UseSetting(key.Replace("__", ":", StringComparison.Ordinal), value);
        });
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "admin");
        api.FailNext("/statements/more/", 429, new Dictionary<string, string> { ["Retry-After"] = "1" });
        await SyncAsync(web);
        api.FailNext("/statements", 403);
        await Assert.ThrowsAsync<SourcePermissionException>(() => SyncAsync(web));

        var list = await client.GetStringAsync("/Sources");
        var id = await IdAsync(web);
        var page = await client.GetStringAsync($"/Sources/{id}");

        foreach (var html in new[] { list, page })
        {
            Assert.Contains("xapi1:2026-10-01T09:06:00", html, StringComparison.Ordinal);
            Assert.Contains("3 pages read, 1 rate-limit wait (1 s)", html, StringComparison.Ordinal);
            Assert.Contains("answered 403 Forbidden: the account lacks a permission. Needed: read access to statements", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain("lrs-key", html, StringComparison.Ordinal);
        }

        // The review verdict type is defined in product terms on the Definitions page.
        var definitions = await client.GetStringAsync("/Definitions");
        Assert.Matches("data-type=\"reviewed\"><td><code>reviewed</code></td><td>contribution</td><td>reviewed someone else&#x27;s change and gave a verdict: approved it or requested changes", definitions);
    }

    private static async Task SyncAsync(AnalyticsWebFactory web)
    {
        await using var scope = web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        await scope.ServiceProvider.GetRequiredService<LiveSourceCatalog>().RegisterAsync(db, CancellationToken.None);
        var id = await db.SourceSystems.Where(s => s.Name == "lrs").Select(s => s.Id).SingleAsync();
        var result = await scope.ServiceProvider.GetRequiredService<SourceSync>().SyncAsync(id, new IngestionRequest("test"), null, CancellationToken.None);
        Assert.Equal(SyncRunStatus.Succeeded, result.Status);
    }

    private static async Task<int> IdAsync(AnalyticsWebFactory web)
    {
        await using var scope = web.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>().SourceSystems.Where(s => s.Name == "lrs").Select(s => s.Id).SingleAsync();
    }
}

using System.Net;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Demo;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Demo;

/// <summary>
/// Issue 18 part 5: the demo sources are of real connector kinds backed by sample exports the demo writes (ADR 1832).
/// An admin presses "Sync now" on each on first start: the run reads the export with no rejection, adds activities
/// only in the open month (nothing the seed wrote again), credits demo people, and a second press adds nothing.
/// </summary>
public sealed class DemoExportsTests(DemoExportsTests.Factory factory) : IClassFixture<DemoExportsTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new(configure: b => b.UseSetting("Demo:SampleExports", "true"));
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private AnalyticsWebFactory Web => factory.Web;

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Web.DatabasePath}");

    [Fact]
    public async Task Admin_syncs_every_demo_source_from_its_sample_export_into_new_activities_of_demo_people()
    {
        await using (var db = Db())
        {
            var sources = await db.SourceSystems.AsNoTracking().ToListAsync();
            var expected = new Dictionary<string, string>
            {
                ["wiki"] = "mediawiki",
                ["qa"] = "stackexchange",
                ["lms"] = "activity-csv",
                ["mentoring"] = "activity-csv",
                [DemoExports.ChatSource] = "slack",
            };
            if (DemoExports.GitAvailable())
                expected["docs-git"] = "git";
            foreach (var (name, kind) in expected)
            {
                var source = sources.Single(s => s.Name == name);
                Assert.Equal(kind, source.Kind);
                Assert.StartsWith(Path.Combine(Web.DataFolder, "demo-exports"), source.Location, StringComparison.Ordinal);
            }
        }

        using var client = Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "admin");
        var page = await client.GetStringAsync("/Sources");
        Assert.DoesNotContain("No connector for this kind", page, StringComparison.Ordinal);

        List<SourceSystem> syncable;
        int seededActivities;
        await using (var db = Db())
        {
            syncable = await db.SourceSystems.AsNoTracking().Where(s => s.Kind != "demo").ToListAsync();
            seededActivities = await db.Activities.CountAsync();
        }

        var monthStart = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        long inserted = 0;
        foreach (var source in syncable)
        {
            var token = await SignIn.AntiforgeryTokenAsync(client, "/Sources");
            var response = await client.PostAsync($"/Sources/{source.Id}?handler=Sync", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var run = await PollForManualRunAsync(source.Id, 1);
            Assert.True(run.Status == SyncRunStatus.Succeeded, $"{source.Name}: {run.Status} {run.Error}");
            Assert.True(run.Read > 0, $"{source.Name} read nothing");
            Assert.True(run.Inserted > 0, $"{source.Name} inserted nothing");
            Assert.Equal(0, run.Rejected);
            Assert.Equal(0, run.Duplicates);
            inserted += run.Inserted;

            await using var db = Db();
            var added = await db.Activities.AsNoTracking().Where(a => a.SyncRunId == run.Id)
                .Select(a => new { a.OccurredAt, HasActor = a.ActorAccountId != null, Employee = a.ActorAccount == null ? null : a.ActorAccount.Person!.EmployeeId }).ToListAsync();
            Assert.Equal(run.Inserted, added.Count);
            // Only the open month: the seed's window ends with the last full month, so nothing it wrote comes again.
            Assert.All(added, a => Assert.True(a.OccurredAt >= monthStart, $"{source.Name}: {a.OccurredAt:o} is before this month"));
            // Actors are demo people: every account the export names resolves to an employee (a vote has no actor).
            Assert.All(added.Where(a => a.HasActor), a => Assert.NotNull(a.Employee));
            Assert.Contains(added, a => a.Employee is not null);
        }

        await using (var db = Db())
            Assert.Equal(seededActivities + inserted, await db.Activities.CountAsync());

        if (syncable.FirstOrDefault(s => s.Kind == "git") is { } git)
        {
            // The commit under an employee's old alias address: a new account that identity resolution linked by alias.
            await using var db = Db();
            var alias = await db.SourceAccounts.AsNoTracking().Where(a => a.SourceSystemId == git.Id && a.Email != null && a.Email.EndsWith("@northwind-legacy.example"))
                .Select(a => new { a.Person!.EmployeeId }).SingleAsync();
            Assert.NotNull(alias.EmployeeId);
        }

        // A second press reads the same exports and adds nothing, on every source (the Slack export's included).
        foreach (var source in syncable)
        {
            var again = await client.PostAsync($"/Sources/{source.Id}?handler=Sync",
                new FormUrlEncodedContent([new("__RequestVerificationToken", await SignIn.AntiforgeryTokenAsync(client, "/Sources"))]));
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
            var second = await PollForManualRunAsync(source.Id, 2);
            Assert.Equal(SyncRunStatus.Succeeded, second.Status);
            Assert.Equal(0, second.Inserted);
        }
    }

    private async Task<SyncRun> PollForManualRunAsync(int sourceId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Db();
            var runs = await db.SyncRuns.AsNoTracking().Where(r => r.SourceSystemId == sourceId && r.Trigger == "manual").OrderBy(r => r.Id).ToListAsync();
            if (runs.Count >= count && runs[count - 1].Status != SyncRunStatus.Running)
                return runs[count - 1];
            await Task.Delay(200);
        }

        throw new TimeoutException($"no finished manual run {count} of source {sourceId} within 120 s");
    }
}

using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Xapi;
using Analytics.Jobs.Ingestion.Scheduling;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Connectors.Live;

/// <summary>A live source's schedule comes from configuration and its recurring sync runs on the real Hangfire server.</summary>
public sealed class LiveSourceScheduleTests
{
    [Fact]
    public async Task A_configured_live_source_is_scheduled_and_its_recurring_sync_reads_the_api()
    {
        var lrs = new FakeLrs();
        lrs.Add("completed", FakeLrs.Mbox("ada@example.com", "Ada"), "https://lms.example.com/course/101", FakeLrs.Start, "PT1H");
        await using var api = await FakeApi.StartAsync(lrs.HandleAsync);
        await using var host = await LiveSourceHost.CreateAsync("lrs", new Dictionary<string, string?>
        {
            ["Kind"] = XapiConnector.KindName,
            ["BaseUrl"] = new Uri(api.Address, FakeLrs.Root).ToString(),
            ["Username"] = "k",
            ["Password"] = "s",
            ["Schedule"] = "15 * * * *",
        });

        var ids = await host.Host.InScopeAsync(sp => sp.GetRequiredService<SyncSchedule>().ApplyAsync(default));

        Assert.Equal([SyncSchedule.SyncId("lrs")], ids);
        var source = await host.SourceAsync();
        Assert.Equal((XapiConnector.KindName, "15 * * * *", new Uri(api.Address, FakeLrs.Root).ToString()), (source.Kind, source.Schedule, source.Location));
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = 1,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(50),
            Activator = host.Host.Host.Services.GetRequiredService<JobActivator>(),
            ServerName = $"test-{Guid.NewGuid():N}",
        }, host.Host.Host.Services.GetRequiredService<JobStorage>());

        host.Host.Host.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(SyncSchedule.SyncId("lrs"));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        SyncRun? run = null;
        while (run?.Status is not SyncRunStatus.Succeeded)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The scheduled sync did not finish: {run?.Status} {run?.Error}");
            await Task.Delay(50);
            run = await host.Host.QueryAsync(db => db.SyncRuns.AsNoTracking().FirstOrDefaultAsync());
        }

        Assert.Equal(("schedule", 1L, 1), (run.Trigger, run.Inserted, run.PagesRead));
    }
}

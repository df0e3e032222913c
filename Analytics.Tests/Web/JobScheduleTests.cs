using Analytics.Jobs.Ingestion.Scheduling;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

public sealed class JobScheduleTests
{
    [Fact]
    public async Task The_web_app_registers_every_recurring_job_with_the_configured_time_zone()
    {
        await using var web = new AnalyticsWebFactory();
        await using var berlin = web.WithWebHostBuilder(b => b.UseSetting("Jobs:TimeZone", "Europe/Berlin"));
        using var client = berlin.CreateClient();

        using var connection = berlin.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        Assert.Contains(MetricsSchedule.AggregationId, jobs.Keys);
        Assert.Contains(MetricsSchedule.MonthCloseId, jobs.Keys);
        Assert.Contains(SyncSchedule.RefreshId, jobs.Keys);
        // The report is chained to the month close (ADR 1505), not scheduled by clock time.
        Assert.DoesNotContain(Analytics.Jobs.Reports.Monthly.MonthlyReportJob.RetiredRecurringId, jobs.Keys);
        Assert.Equal(Analytics.Jobs.Retention.RetentionPurgeJob.Cron, jobs[Analytics.Jobs.Retention.RetentionPurgeJob.Id].Cron);
        Assert.Equal("Europe/Berlin", jobs[Analytics.Jobs.Retention.RetentionPurgeJob.Id].TimeZoneId);
        Assert.Equal(MetricsSchedule.MonthCloseCron, jobs[MetricsSchedule.MonthCloseId].Cron);
        Assert.Equal("Europe/Berlin", jobs[MetricsSchedule.MonthCloseId].TimeZoneId);
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_app_at_start_with_a_clear_message()
    {
        await using var web = new AnalyticsWebFactory();
        await using var broken = web.WithWebHostBuilder(b => b.UseSetting("Jobs:TimeZone", "Mars/Olympus_Mons"));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Mars/Olympus_Mons", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_host_has_its_own_job_storage_so_disposing_one_leaves_the_other_working()
    {
        await using var first = new AnalyticsWebFactory();
        first.CreateClient().Dispose();
        var second = new AnalyticsWebFactory();
        second.CreateClient().Dispose();

        var storage = first.Services.GetRequiredService<JobStorage>();
        Assert.NotSame(storage, second.Services.GetRequiredService<JobStorage>());
        await second.DisposeAsync();

        using var connection = storage.GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), j => j.Id == MetricsSchedule.AggregationId);
    }

    [Fact]
    public async Task Hangfire_still_works_in_the_process_after_a_host_that_configured_it_is_disposed()
    {
        var web = new AnalyticsWebFactory();
        web.CreateClient().Dispose();
        await web.DisposeAsync();

        // Hangfire's log provider is process-wide; bound to the disposed host's LoggerFactory this would throw.
        using var storage = new Hangfire.InMemory.InMemoryStorage();
        using var connection = storage.GetConnection();
        Assert.Empty(connection.GetRecurringJobs());
    }
}

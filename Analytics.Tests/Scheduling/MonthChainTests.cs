using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Scheduling;

/// <summary>Issue 15 "chain the month": the report is a continuation of a successful month close (ADR 1505).</summary>
public sealed class MonthChainTests
{
    private static readonly DateTimeOffset FirstOfNovember = new(2026, 11, 1, 2, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly October = new(2026, 10, 1);

    private static Task<int> ReportsAsync(TestDatabase database, DateOnly month) => CountAsync(database, db =>
        db.StoredReports.CountAsync(r => r.Kind == MonthlyReportArchive.Kind && r.Period == month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<int> CountAsync(TestDatabase database, Func<AnalyticsDbContext, Task<int>> count)
    {
        await using var db = database.CreateContext();
        return await count(db);
    }

    [Fact]
    public async Task The_scheduled_close_runs_the_report_as_its_continuation_and_the_report_follows_the_close()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await JobServerHost.StartAsync(database, FirstOfNovember, catchUp: false);

        var closeId = host.Jobs.Enqueue<MonthCloseJob>(job => job.RunAsync(null, CancellationToken.None));
        await JobServerHost.WaitUntilAsync("October's report is stored and the server is idle",
            async () => await ReportsAsync(database, October) == 1 && host.Idle());

        using var connection = host.Storage.GetConnection();
        Assert.False(string.IsNullOrEmpty(connection.GetJobParameter(closeId, "Continuations")), "the report is chained to the close job");
        Assert.Equal("Succeeded", connection.GetJobData(closeId).State);
        await using var db = database.CreateContext();
        var close = await db.MonthCloses.SingleAsync(m => m.Month == October);
        var report = (await db.StoredReports.Where(r => r.Kind == MonthlyReportArchive.Kind).ToListAsync()).Single();
        Assert.Equal("2026-10", report.Period);
        Assert.True(report.GeneratedAt >= close.ClosedAt);
    }

    [Fact]
    public async Task A_failed_close_chains_no_report_and_its_successful_retry_chains_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        // No job server: the job is run as Hangfire would run one attempt, and the storage shows what it enqueued.
        await using var host = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), server: false);

        // Started a day early (a clock or cron mistake): October has not ended, the close fails, nothing is chained.
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.InScopeAsync(s => s.GetRequiredService<MonthCloseJob>().RunForMonthAsync(October, null, CancellationToken.None)));
        var monitor = host.Storage.GetMonitoringApi();
        Assert.Equal(0, monitor.EnqueuedCount("default"));
        Assert.Equal(0, await CountAsync(database, db => db.MonthCloses.CountAsync()));

        host.Clock.SetUtcNow(FirstOfNovember);
        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<MonthCloseJob>().RunForMonthAsync(October, null, CancellationToken.None);
            return true;
        });
        var queued = monitor.EnqueuedJobs("default", 0, 10);
        var chained = Assert.Single(queued);
        Assert.Equal(typeof(MonthlyReportJob), chained.Value.Job.Type);
        Assert.Equal(nameof(MonthlyReportJob.RunForMonthAsync), chained.Value.Job.Method.Name);
        Assert.Equal(October, chained.Value.Job.Args[0]);
    }

    [Fact]
    public async Task The_report_job_refuses_a_month_that_is_not_closed_with_a_clear_failure()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await JobServerHost.StartAsync(database, FirstOfNovember, server: false);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunForMonthAsync(October, CancellationToken.None)));
        Assert.Contains("2026-10", error.Message, StringComparison.Ordinal);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ReportsAsync(database, October));
    }

    [Fact]
    public async Task The_schedule_has_no_clock_timed_report_and_removes_the_registration_of_earlier_versions()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await JobServerHost.StartAsync(database, FirstOfNovember, server: false);
        // An upgraded storage still holds the old report schedule; the next server start removes it.
        host.Host.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<MonthlyReportJob>(
            MonthlyReportJob.RetiredRecurringId, job => job.RunAsync(CancellationToken.None), "30 3 1 * *");

        await ActivatorUtilities.CreateInstance<JobSchedule>(host.Host.Services).StartAsync(CancellationToken.None);

        using var connection = host.Storage.GetConnection();
        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();
        Assert.Contains(Analytics.Jobs.Metrics.MetricsSchedule.MonthCloseId, ids);
        Assert.DoesNotContain(MonthlyReportJob.RetiredRecurringId, ids);
    }
}

using Analytics.Jobs.Email;
using Analytics.Jobs.Ingestion.Scheduling;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Jobs.Retention;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Hosting;

/// <summary>
/// Every recurring job of the product, registered in one place with the configured time zone
/// (Jobs:TimeZone). The ids and crons sit with their features:
/// <list type="bullet">
/// <item>sync:NAME per scheduled source, refreshed by ingestion:refresh-schedules every 5 minutes (<see cref="SyncSchedule"/>)</item>
/// <item>aggregate hourly at :15, month-close on the 1st at 02:30 (<see cref="MetricsSchedule"/>)</item>
/// <item>no recurring report: month-close chains <see cref="MonthlyReportJob"/> on success (ADR 1505); the retired
/// monthly-report registration of earlier versions is removed from the storage</item>
/// <item>retention-purge daily at 04:30 (<see cref="RetentionPurgeJob"/>)</item>
/// <item>email-outbox every 15 minutes and email-monthly-digest on the 1st at 07:00 (<see cref="EmailOutboxJob"/>,
/// <see cref="MonthlyDigestJob"/>; both do nothing while Email:Enabled is false)</item>
/// </list>
/// Runs where a job server runs (the web app by default), so the schedule exists once per job storage.
/// </summary>
public sealed class JobSchedule(IServiceScopeFactory scopes, IRecurringJobManager recurringJobs, IOptions<JobsOptions> options) : IHostedService
{
    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<SyncSchedule>().RegisterRefresh();
        recurringJobs.AddOrUpdateMetricsJobs(TimeZone);
        recurringJobs.RemoveIfExists(MonthlyReportJob.RetiredRecurringId);
        recurringJobs.AddOrUpdate<RetentionPurgeJob>(RetentionPurgeJob.Id, job => job.RunAsync(CancellationToken.None), RetentionPurgeJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZone });
        recurringJobs.AddOrUpdate<EmailOutboxJob>(EmailOutboxJob.Id, job => job.SendPendingAsync(CancellationToken.None), EmailOutboxJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZone });
        recurringJobs.AddOrUpdate<MonthlyDigestJob>(MonthlyDigestJob.Id, job => job.RunAsync(CancellationToken.None), MonthlyDigestJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

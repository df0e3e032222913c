using Analytics.Domain.Metrics;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Reports.Monthly;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Hosting;

/// <summary>
/// Catch-up on start (ADR 1504): in-memory job storage forgets a month close or report that was due while the process
/// was down (or was running when it stopped), and Hangfire does not replay a recurring occurrence it never saw. Every
/// job server therefore enqueues <see cref="MonthCatchUpJob"/> when it starts; the job looks at the analytics
/// database, the only state that survives, and enqueues what is missing.
/// </summary>
public sealed class MonthCatchUp(IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A job, not work here: it runs after start-up (the database is migrated or checked by then) and retries.
        jobs.Enqueue<MonthCatchUpJob>(job => job.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What <see cref="MonthCatchUpJob.RunAsync"/> found and enqueued.</summary>
public enum MonthCatchUpAction
{
    Nothing,
    CloseAndReport,
    Report,
}

/// <summary>
/// Enqueues the close (which chains the report) of the latest month whose scheduled close is due and that is not
/// closed, or the report of that month when it is closed and its stored report is missing or stale. Running it twice
/// (two servers starting) is harmless: the close and the report are idempotent and never run at once.
/// </summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthCatchUpJob(MonthlyReportArchive archive, IBackgroundJobClient jobs, TimeProvider clock,
    IOptions<JobsOptions> options, ILogger<MonthCatchUpJob> logger)
{
    public async Task<MonthCatchUpAction> RunAsync(CancellationToken ct)
    {
        var month = MonthCloseCalendar.LatestDueMonth(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone));
        var period = ReportingPeriod.Month(month.Year, month.Month);
        if (!await archive.IsClosedAsync(period, ct))
        {
            logger.LogWarning("Month {Month} is not closed although its close was due: closing it now (catch-up on start)", period.Label);
            jobs.Enqueue<MonthCloseJob>(job => job.RunForMonthAsync(month, null, CancellationToken.None));
            return MonthCatchUpAction.CloseAndReport;
        }

        if (await archive.IsCurrentAsync(period, ct))
            return MonthCatchUpAction.Nothing;
        logger.LogWarning("Month {Month} is closed but its report is missing or stale: generating it now (catch-up on start)", period.Label);
        jobs.Enqueue<MonthlyReportJob>(job => job.RunForMonthAsync(month, CancellationToken.None));
        return MonthCatchUpAction.Report;
    }
}

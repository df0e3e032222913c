using Analytics.Jobs.Hosting;
using Analytics.Jobs.Reports.Monthly;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Runs on the 1st and closes the month that has just ended in the organisation's time zone (ADR 1506), then chains
/// that month's report as a Hangfire continuation (ADR 1505): the report job is enqueued only when this job succeeds,
/// so a failed or retried close never yields a report. Retries for a day: a month must close, and closing twice is a
/// no-op (the retry still chains the report).
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthCloseJob(MonthCloser closer, IBackgroundJobClient jobs, TimeProvider clock, IOptions<JobsOptions> options,
    ILogger<MonthCloseJob> logger)
{
    /// <summary>
    /// The recurring entry point: the month before today's date in Jobs:TimeZone. The context is Hangfire's of this run
    /// (Hangfire passes it; null when called outside a job server).
    /// </summary>
    public Task RunAsync(PerformContext? context, CancellationToken ct) =>
        RunForMonthAsync(MonthCloseCalendar.LastEndedMonth(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone)), context, ct);

    /// <summary>
    /// Closes <paramref name="month"/> and chains its report; what catch-up on start enqueues for a missed close. When the
    /// month has ended in the organisation's time zone but its last UTC day is not complete yet (east of UTC), the close
    /// is scheduled for <see cref="MonthCloseCalendar.DaysCompleteAt"/> instead of failing into retries that may run out.
    /// </summary>
    public async Task RunForMonthAsync(DateOnly month, PerformContext? context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var complete = MonthCloseCalendar.DaysCompleteAt(month);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        if (now < complete && MonthCloseCalendar.LastEndedMonth(now, zone) >= month)
        {
            logger.LogInformation("Month {Month:yyyy-MM} has ended in {TimeZone} but its last UTC day has not: its close runs at {At:u}",
                month, zone.Id, complete);
            // A delay from the injected clock, not an absolute time: the business clock decides, Hangfire waits.
            jobs.Schedule<MonthCloseJob>(job => job.RunForMonthAsync(month, null, CancellationToken.None), complete - now);
            return;
        }

        await CloseAsync(month, ct);
        // Chained even when the month was already closed: a previous attempt may have closed it and died before this
        // line. The report job is idempotent (a current report is not generated again).
        if (context is null)
            jobs.Enqueue<MonthlyReportJob>(job => job.RunForMonthAsync(month, CancellationToken.None));
        else // Hangfire enqueues a continuation only when its parent succeeds (the default continuation option).
            jobs.ContinueJobWith<MonthlyReportJob>(context.BackgroundJob.Id, job => job.RunForMonthAsync(month, CancellationToken.None));
    }

    /// <summary>
    /// Closes <paramref name="month"/> without chaining its report: for catch-up, which chains the closes and reports of
    /// several months one after the other itself (ADR 1507).
    /// </summary>
    public Task CloseAsync(DateOnly month, CancellationToken ct) => closer.CloseAsync(month, "system", ct);
}

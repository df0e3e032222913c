using Analytics.Jobs.Reports.Monthly;
using Hangfire;
using Hangfire.Server;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Runs on the 1st and closes the month before, then chains that month's report as a Hangfire continuation
/// (ADR 1505): the report job is enqueued only when this job succeeds, so a failed or retried close never yields a
/// report. Retries for a day: a month must close, and closing twice is a no-op (the retry still chains the report).
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthCloseJob(MonthCloser closer, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>
    /// The recurring entry point: the month before today's (UTC). The context is Hangfire's of this run (Hangfire
    /// passes it; null when called outside a job server).
    /// </summary>
    public Task RunAsync(PerformContext? context, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return RunForMonthAsync(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), context, ct);
    }

    /// <summary>Closes <paramref name="month"/> and chains its report; what catch-up on start enqueues for a missed close.</summary>
    public async Task RunForMonthAsync(DateOnly month, PerformContext? context, CancellationToken ct)
    {
        await closer.CloseAsync(month, "system", ct);
        // Chained even when the month was already closed: a previous attempt may have closed it and died before this
        // line. The report job is idempotent (a current report is not generated again).
        if (context is null)
            jobs.Enqueue<MonthlyReportJob>(job => job.RunForMonthAsync(month, CancellationToken.None));
        else // Hangfire enqueues a continuation only when its parent succeeds (the default continuation option).
            jobs.ContinueJobWith<MonthlyReportJob>(context.BackgroundJob.Id, job => job.RunForMonthAsync(month, CancellationToken.None));
    }
}

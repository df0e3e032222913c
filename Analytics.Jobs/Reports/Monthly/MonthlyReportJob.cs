using Analytics.Domain.Metrics;
using Analytics.Jobs.Email;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Reports.Monthly;

/// <summary>
/// Generates a closed month's report. Not a recurring job of its own: the month-close job chains it as a continuation
/// of its success (ADR 1505), and catch-up on start enqueues it for a closed month whose report is missing (ADR 1504).
/// Refuses a month that is not closed, so no report is ever built from an open month. Idempotent: when the latest
/// stored version is still current (<see cref="MonthlyReportArchive.IsCurrentAsync"/>) a second run adds nothing.
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthlyReportJob(MonthlyReportArchive archive, EmailDigests digests, ILogger<MonthlyReportJob> logger)
{
    /// <summary>The recurring job id of earlier versions (a report at 03:30 on the 1st, tied to the close by clock time only); removed at start.</summary>
    public const string RetiredRecurringId = "monthly-report";

    /// <summary>The report of the last full month in the organisation's calendar.</summary>
    public Task<bool> RunAsync(CancellationToken ct) => RunForMonthAsync(archive.LastEndedMonth().From, ct);

    /// <returns>True when a new version was stored, false when the stored one is current.</returns>
    /// <exception cref="InvalidOperationException">The month is not closed.</exception>
    public async Task<bool> RunForMonthAsync(DateOnly month, CancellationToken ct)
    {
        var period = ReportingPeriod.Month(month.Year, month.Month);
        if (!await archive.IsClosedAsync(period, ct))
            throw new InvalidOperationException(
                $"The monthly report of {period.Label} is not generated: the month is not closed. It is built after the month-close job succeeds.");
        if (await archive.IsCurrentAsync(period, ct))
        {
            logger.LogInformation("Monthly report {Period} is current; nothing generated", period.Label);
            // Also here: an earlier attempt may have stored the report and died before its notice (the notice is once per month).
            await digests.ReportStoredAsync(period, ct);
            return false;
        }

        var report = await archive.GenerateAsync(period, "system", ct);
        logger.LogInformation("Monthly report {Period} version {Version} generated ({Size} bytes)", period.Label, report.Version, report.SizeBytes);
        await digests.ReportStoredAsync(period, ct);
        return true;
    }
}

using Analytics.Domain.Metrics;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Reports.Monthly;

/// <summary>
/// Generates last month's report after the month-close job. Idempotent: when the latest stored version is still
/// current (<see cref="MonthlyReportArchive.IsCurrentAsync"/>) a second run adds nothing.
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthlyReportJob(MonthlyReportArchive archive, TimeProvider clock, ILogger<MonthlyReportJob> logger)
{
    public const string Id = "monthly-report";

    /// <summary>The 1st at 03:30, an hour after the month-close job (MetricsSchedule.MonthCloseCron).</summary>
    public const string Cron = "30 3 1 * *";

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var period = ReportingPeriod.Month(month.Year, month.Month);
        if (await archive.IsCurrentAsync(period, ct))
        {
            logger.LogInformation("Monthly report {Period} is current; nothing generated", period.Label);
            return false;
        }

        var report = await archive.GenerateAsync(period, "system", ct);
        logger.LogInformation("Monthly report {Period} version {Version} generated ({Size} bytes)", period.Label, report.Version, report.SizeBytes);
        return true;
    }
}

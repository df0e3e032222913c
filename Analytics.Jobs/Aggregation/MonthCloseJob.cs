using Hangfire;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Runs on the 1st and closes the month before. Retries for a day: a month must close, and closing twice is a no-op.
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [300, 900, 3600, 7200, 14400], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthCloseJob(MonthCloser closer, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await closer.CloseAsync(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), "system", ct);
    }
}

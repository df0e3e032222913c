using Hangfire;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Nightly and after each import. Three quick attempts: a failure is usually a lock held by an import, which
/// clears in minutes; beyond that it needs a person, and the job lands in the failed list (no silent retry for hours).
/// Safe to run twice or concurrently with itself: each day is its own transaction.
/// </summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [30, 120, 600], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class AggregationJob(Aggregator aggregator, ILogger<AggregationJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await aggregator.RunAsync(full: false, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Aggregation failed; the days not yet done stay marked for the next run");
            throw;
        }
    }
}

using Hangfire;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Retention;

/// <summary>The nightly purge of raw activity past its retention. Safe to run twice or to kill: each batch is one transaction.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [600, 3600, 14400])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class RetentionPurgeJob(RetentionPurger purger, ILogger<RetentionPurgeJob> logger)
{
    public const string Id = "retention-purge";

    /// <summary>Daily at 04:30, after the hourly aggregation (:15) and, on the 1st, after month close and report.</summary>
    public const string Cron = "30 4 * * *";

    public async Task RunAsync(CancellationToken ct)
    {
        var result = await purger.PurgeAsync(dryRun: false, "system", ct);
        if (result.HeldBack is not null)
            logger.LogInformation("Retention purge held back: {Reason}", result.HeldBack);
    }
}

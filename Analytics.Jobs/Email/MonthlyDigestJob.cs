using Hangfire;

namespace Analytics.Jobs.Email;

/// <summary>On the 1st: the managers' recognition digest (budget left, suggestions for their line). Running it again in the same month adds nothing.</summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [300, 1800, 7200])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthlyDigestJob(EmailDigests digests)
{
    public const string Id = "email-monthly-digest";

    /// <summary>The 1st at 07:00 in Jobs:TimeZone: after the month close (02:30), before the working day.</summary>
    public const string Cron = "0 7 1 * *";

    public Task<int> RunAsync(CancellationToken ct) => digests.MonthlyBudgetAsync(ct);
}

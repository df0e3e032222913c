using Analytics.Jobs.Aggregation;
using Hangfire;

namespace Analytics.Jobs.Metrics;

public static class MetricsScheduleRegistration
{
    /// <summary>Adds or updates this feature's recurring jobs; for the app's schedule class to call at start-up.</summary>
    public static void AddOrUpdateMetricsJobs(this IRecurringJobManager jobs, TimeZoneInfo timeZone)
    {
        var options = new RecurringJobOptions { TimeZone = timeZone };
        jobs.AddOrUpdate<AggregationJob>(MetricsSchedule.AggregationId, job => job.RunAsync(CancellationToken.None), MetricsSchedule.AggregationCron, options);
        jobs.AddOrUpdate<MonthCloseJob>(MetricsSchedule.MonthCloseId, job => job.RunAsync(null, CancellationToken.None), MetricsSchedule.MonthCloseCron, options);
    }
}

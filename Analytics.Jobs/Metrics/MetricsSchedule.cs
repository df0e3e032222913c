namespace Analytics.Jobs.Metrics;

/// <summary>
/// Recurring job ids and cron expressions of this feature, for the one schedule class of the app to register
/// (times in the configured Jobs:TimeZone).
/// </summary>
public static class MetricsSchedule
{
    public const string AggregationId = "aggregate";

    /// <summary>Hourly: imports mark days all day; a run with nothing dirty costs a query.</summary>
    public const string AggregationCron = "15 * * * *";

    public const string MonthCloseId = "month-close";

    /// <summary>The 1st at <see cref="MonthCloseTime"/>, after the night's imports and aggregation.</summary>
    public const string MonthCloseCron = "30 2 1 * *";

    /// <summary>The time of day of <see cref="MonthCloseCron"/>, for catch-up on start to tell whether a close was due.</summary>
    public static readonly TimeOnly MonthCloseTime = new(2, 30);
}

namespace Analytics.Domain.Metrics;

/// <summary>Stale content (see <see cref="MetricCatalog.Stale"/>).</summary>
public static class StaleContent
{
    /// <summary>Last edited (or created, when never edited) more than 12 months before the period's last day.</summary>
    public static bool IsStale(DateTimeOffset? lastEditedAt, DateTimeOffset? createdAt, DateOnly periodEnd)
    {
        var touched = lastEditedAt ?? createdAt;
        if (touched is null)
            return false;
        var threshold = periodEnd.AddMonths(-MetricCatalog.StaleAfterMonths);
        return DateOnly.FromDateTime(touched.Value.UtcDateTime) < threshold;
    }
}

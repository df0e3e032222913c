using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Leaderboards;

namespace Analytics.Web.Dashboard;

/// <summary>
/// The filters that live in the URL (period, scope, metric), parsed the same way on pages and the API so a
/// shared link means the same thing everywhere. A bad value is a message for the user, never an exception.
/// </summary>
public static class DashboardFilters
{
    public static string DefaultMonth(TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    public static bool TryPeriod(string? text, TimeProvider clock, out ReportingPeriod period, out string? error)
    {
        error = null;
        if (ReportingPeriod.TryParse(string.IsNullOrWhiteSpace(text) ? DefaultMonth(clock) : text, out period))
            return true;
        error = $"'{text}' is not a period: {ReportingPeriod.Rules}.";
        return false;
    }

    public static bool TryMetric(string? text, out LeaderboardMetric metric, out string? error)
    {
        error = null;
        metric = LeaderboardMetric.Points;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "points": return true;
            case "contributions": metric = LeaderboardMetric.Contributions; return true;
            case "reuse": metric = LeaderboardMetric.Reuse; return true;
            case "cross-team" or "crossteam": metric = LeaderboardMetric.CrossTeam; return true;
            default:
                error = $"'{text}' is not a leaderboard metric: use points, contributions, reuse or cross-team.";
                return false;
        }
    }

    public static string MetricCode(LeaderboardMetric metric) => metric switch
    {
        LeaderboardMetric.Points => "points",
        LeaderboardMetric.Contributions => "contributions",
        LeaderboardMetric.Reuse => "reuse",
        _ => "cross-team",
    };
}

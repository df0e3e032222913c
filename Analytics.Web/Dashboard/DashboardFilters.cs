using System.Globalization;
using System.Security.Claims;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Web.Access;

namespace Analytics.Web.Dashboard;

/// <summary>
/// The filters that live in the URL (period, scope, metric, people), parsed the same way on pages and the API so a
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

    /// <summary>
    /// HR's page-level switch (ADR 2201, ADR 2206): <c>people=unlinked</c> shows the figures of the people found in
    /// sources without an HR employee record, apart from employees, on every page, API route and export that measures
    /// people. One parser for all of them, so a link means the same everywhere. Other roles only ever get employees:
    /// unlinked people never opted in or out of anything, and HR is who links them; asking is a 400, not a silent
    /// fallback to employees, so nobody reads employee figures under an "unlinked" link.
    /// </summary>
    public static bool TryPopulation(string? text, ClaimsPrincipal user, out Population population, out string? error)
    {
        error = null;
        population = Population.Employees;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "employees":
                return true;
            case "unlinked" when CanSwitchPeople(user):
                population = Population.Unlinked;
                return true;
            case "unlinked":
                error = "Only HR sees the people not linked to an employee.";
                return false;
            default:
                error = $"'{text}' is not a people filter: use employees or unlinked.";
                return false;
        }
    }

    public static bool CanSwitchPeople(ClaimsPrincipal user) => user.IsInRole(Roles.HR);

    /// <summary>The URL value of a population, also the "people" field of the API's answers.</summary>
    public static string PeopleCode(Population population) => population == Population.Unlinked ? "unlinked" : "employees";

    /// <summary>The query-string tail that keeps the switch in a link: empty for employees, the default.</summary>
    public static string PeopleQuery(Population population) => population == Population.Unlinked ? "&people=unlinked" : "";
}

using Analytics.Jobs.Leaderboards;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

[Authorize(Policy = Policies.SignedIn)]
public sealed class LeaderboardModel(LeaderboardRunner runner, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Metric { get; set; }

    public string? Error { get; private set; }
    public LeaderboardView? View => Ranked?.View;
    public RankedLeaderboard? Ranked { get; private set; }
    public IReadOnlyList<(string Code, string Name, int Depth)> Scopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scopes = await runner.ScopesAsync(ct);
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !DashboardFilters.TryMetric(Metric, out var metric, out error))
            return Invalid(error);

        var (ranked, scopeError) = await runner.RunAsync(new LeaderboardFilter(period, metric, string.IsNullOrWhiteSpace(Scope) ? null : Scope.Trim()), ct);
        if (ranked is null)
            return Invalid(scopeError);
        (Ranked, Period, Metric) = (ranked, period.Label, DashboardFilters.MetricCode(metric));
        return Page();
    }

    // The page still renders, with the message and the filter form, so the user can correct the link.
    private PageResult Invalid(string? error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

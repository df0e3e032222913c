using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

// Signed-in users without group figures start on their own profile instead of Access Denied.
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(OverviewQuery query, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    /// <summary>HR's page-level switch (<see cref="DashboardFilters.TryPopulation"/>), the same as the leaderboard's.</summary>
    [BindProperty(SupportsGet = true)] public string? People { get; set; }

    public Population Population { get; private set; }

    public string? Error { get; private set; }
    public bool IsDefaultPeriod { get; private set; }
    public OverviewView? View { get; private set; }

    /// <summary>The period has not ended yet (it includes today): its figures are partial, so no change is computed.</summary>
    public bool InProgress { get; private set; }

    /// <summary>The last day whose activity can be in the figures of a period in progress (the aggregation runs nightly).</summary>
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ViewAggregates)).Succeeded)
            return RedirectToPage("/People/Me");
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !DashboardFilters.TryPopulation(People, User, out var population, out error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        IsDefaultPeriod = string.IsNullOrWhiteSpace(Period);
        Period = period.Label;
        Population = population;
        View = await query.RunAsync(period, population, ct);
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        InProgress = period.To >= Today;
        return Page();
    }
}

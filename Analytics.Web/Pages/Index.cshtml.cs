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
public sealed class IndexModel(OverviewQuery query, DepartmentsQuery departments, IAuthorizationService authorization, TimeProvider clock) : PageModel
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

    /// <summary>Each trend's one-line takeaway (<see cref="OverviewTrend.Takeaway"/>), by trend code.</summary>
    public IReadOnlyDictionary<string, string> Takeaways { get; private set; } = new Dictionary<string, string>();

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
        // The departments view is the Departments page's (cached, minimum group size applied): only shown groups are named.
        // Both read models are computed in their own scopes, so on a first request they are computed side by side.
        var view = query.RunAsync(period, population, ct);
        var departmentsView = departments.DepartmentsAsync(period, population, ct);
        View = await view;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        InProgress = period.To >= Today;
        var groups = (await departmentsView).Departments;
        Takeaways = OverviewTrend.All.ToDictionary(t => t.Code, t => t.Takeaway(View, groups, InProgress), StringComparer.Ordinal);
        return Page();
    }
}

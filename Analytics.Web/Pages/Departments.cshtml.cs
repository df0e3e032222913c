using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

[Authorize(Policy = Policies.ViewAggregates)]
public sealed class DepartmentsModel(DepartmentsQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    /// <summary>The heatmap's reuse within a department: hidden by default (ADR 2102), <c>show</c> to draw it.</summary>
    [BindProperty(SupportsGet = true)] public string? Diagonal { get; set; }
    public bool ShowWithin { get; private set; }

    /// <summary>HR's page-level switch (<see cref="DashboardFilters.TryPopulation"/>), the same as the leaderboard's.</summary>
    [BindProperty(SupportsGet = true)] public string? People { get; set; }

    public Population Population { get; private set; }

    public string? Error { get; private set; }
    public DepartmentsView? Departments { get; private set; }
    public FlowView? Flow { get; private set; }
    public BarriersView? Barriers { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !DashboardFilters.TryPopulation(People, User, out var population, out error)
            || !FlowHeatmap.TryDiagonal(Diagonal, out var showWithin, out error))
        {
            Error = error;
            // The page still renders, with the message and the filter form, so the user can correct the link.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = period.Label;
        ShowWithin = showWithin;
        Population = population;
        Departments = await query.DepartmentsAsync(period, population, ct);
        // The knowledge flow is between departments: unlinked people have none, so their view has no flow.
        Flow = population == Population.Employees ? await query.FlowAsync(period, ct) : null;
        Barriers = await query.BarriersAsync(period, population, ct);
        return Page();
    }
}

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

    public string? Error { get; private set; }
    public DepartmentsView? Departments { get; private set; }
    public FlowView? Flow { get; private set; }
    public BarriersView? Barriers { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error) || !FlowHeatmap.TryDiagonal(Diagonal, out var showWithin, out error))
        {
            Error = error;
            // The page still renders, with the message and the filter form, so the user can correct the link.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = period.Label;
        ShowWithin = showWithin;
        Departments = await query.DepartmentsAsync(period, ct);
        Flow = await query.FlowAsync(period, ct);
        Barriers = await query.BarriersAsync(period, ct);
        return Page();
    }
}

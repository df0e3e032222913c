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

    public string? Error { get; private set; }
    public DepartmentsView? Departments { get; private set; }
    public FlowView? Flow { get; private set; }
    public BarriersView? Barriers { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error))
        {
            Error = error;
            // The page still renders, with the message and the filter form, so the user can correct the link.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = period.Label;
        Departments = await query.DepartmentsAsync(period, ct);
        Flow = await query.FlowAsync(period, ct);
        Barriers = await query.BarriersAsync(period, ct);
        return Page();
    }
}

using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Departments;

/// <summary>
/// One department behind its row on /Departments (issue 21, ADR 2111): figures against the previous period, trend,
/// sub-departments, topics, knowledge flow in and out, all under the group rule; its people for HR and its own manager.
/// </summary>
[Authorize(Policy = Policies.ViewAggregates)]
public sealed class DepartmentModel(DrillDownQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public string? Error { get; private set; }
    public DepartmentPageView? View { get; private set; }

    /// <summary>The department's people, or null: only HR and a manager whose line holds all of them see it (ADR 1621).</summary>
    public IReadOnlyList<DepartmentPerson>? People { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = period.Label;
        View = await query.DepartmentAsync(id, period, ct);
        if (View is null)
            return NotFound();
        People = await query.PeopleAsync(View.Department, period, ct);
        return Page();
    }
}

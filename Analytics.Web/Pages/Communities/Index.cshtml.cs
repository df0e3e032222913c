using Analytics.Jobs.Communities;
using Analytics.Web.Access;
using Analytics.Web.Communities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Communities;

[Authorize(Policy = Policies.ViewAggregates)]
public sealed class IndexModel(CommunitiesQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public string? Error { get; private set; }
    public CommunitiesHealth? Health { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!CommunitiesQuery.TryMonth(Period, clock, out var month, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = month.Label;
        Health = await query.AllAsync(month, ct);
        return Page();
    }
}

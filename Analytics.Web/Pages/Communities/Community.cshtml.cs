using Analytics.Jobs.Communities;
using Analytics.Web.Access;
using Analytics.Web.Communities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Communities;

[Authorize(Policy = Policies.ViewAggregates)]
public sealed class CommunityModel(CommunitiesQuery query, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public string? Error { get; private set; }
    public CommunityHealthRow? Community { get; private set; }
    public int MinimumGroupSize => query.MinimumGroupSize;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!CommunitiesQuery.TryMonth(Period, clock, out var month, out var error))
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = month.Label;
        Community = await query.OneAsync(id, month, ct);
        return Community is null ? NotFound() : Page();
    }
}

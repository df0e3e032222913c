using Analytics.Web.Access;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Sources;

[Authorize(Policy = Policies.Administer)]
public sealed class RunModel(SourcesQuery query) : PageModel
{
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public RejectionsPage? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(long runId, CancellationToken ct)
    {
        if (PageNumber < 1)
            return BadRequest("pageNumber starts at 1.");
        View = await query.RunAsync(runId, PageNumber, ct);
        return View is null ? NotFound() : Page();
    }
}

using Analytics.Web.Access;
using Analytics.Web.Overview;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

// Signed-in users without group figures start on their own profile instead of Access Denied.
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(OverviewQuery query, IAuthorizationService authorization) : PageModel
{
    public OverviewView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ViewAggregates)).Succeeded)
            return RedirectToPage("/People/Me");
        View = await query.RunAsync(ct);
        return Page();
    }
}

using Analytics.Web.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

/// <summary>"My profile": the start page of people without group figures.</summary>
public sealed class MeModel(PersonAccess access) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await access.MyPersonIdAsync(ct) is { } id ? RedirectToPage("/People/Profile", new { id }) : RedirectToPage("/People/Index");
}

using Analytics.Domain.Persistence;
using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages.People;

/// <summary>
/// A person hides themselves from expertise search, or shows themselves again (audited). It acts on the signed-in
/// user's own employee record only: there is no id to change, so nobody can hide someone else.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class VisibilityModel(AnalyticsDbContext db, CurrentViewer viewer, TopicRuleStore store) : PageModel, IFormPage
{
    public bool HasEmployee { get; private set; }
    public bool Hidden { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task ShowAsync(CancellationToken ct)
    {
        var me = viewer.EmployeeId is { } id ? await db.Employees.AsNoTracking().Where(e => e.Id == id).Select(e => (bool?)e.HiddenFromExpertise).FirstOrDefaultAsync(ct) : null;
        HasEmployee = me is not null;
        Hidden = me == true;
    }

    public async Task<IActionResult> OnPostAsync(bool hide, CancellationToken ct)
    {
        if (viewer.EmployeeId is not { } id || !await db.Employees.AnyAsync(e => e.Id == id, ct))
        {
            ModelState.AddModelError(string.Empty, "Your account is not linked to an employee: there is nothing to hide.");
            await ShowAsync(ct);
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        await store.SetHiddenFromExpertiseAsync(id, hide, viewer.Name, ct);
        Message = hide ? "You are hidden from expertise search." : "You are listed in expertise search again.";
        return RedirectToPage();
    }
}

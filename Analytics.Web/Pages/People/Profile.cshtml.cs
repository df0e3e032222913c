using Analytics.Web.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class ProfileModel(PersonAccess access, ProfileQuery query) : PageModel
{
    public ProfileView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, string? period, CancellationToken ct)
    {
        var person = await access.FindVisibleAsync(id, ct);
        if (person is null)
            return Forbid();
        if (!PeopleRegistration.TryPeriod(period, query, out var p))
            return BadRequest();
        await access.AuditViewAsync(person, "page", ct);
        View = await query.RunAsync(person, p, ct);
        return Page();
    }
}

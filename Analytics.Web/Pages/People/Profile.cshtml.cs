using Analytics.Web.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class ProfileModel(PersonAccess access, ProfileQuery query, ProfilePlaces places) : PageModel
{
    public ProfileView View { get; private set; } = null!;

    /// <summary>Department, manager, rank and whether the viewer may give an award: per viewer, so not in the cached view.</summary>
    public ProfilePlace Place { get; private set; } = ProfilePlace.None;

    public async Task<IActionResult> OnGetAsync(int id, string? period, CancellationToken ct)
    {
        var person = await access.FindVisibleAsync(id, ct);
        if (person is null)
        {
            // HR may see everyone, so for HR a miss can only mean the person does not exist. Other roles get the
            // same answer for "not yours" and "no one": which ids exist is not theirs to learn.
            return User.IsInRole(Analytics.Web.Access.Roles.HR) ? NotFound() : Forbid();
        }
        if (!PeopleRegistration.TryPeriod(period, query, out var p))
            return BadRequest();
        await access.AuditViewAsync(person, "page", ct);
        View = await query.RunAsync(person, p, ct);
        Place = await places.ForAsync(person, p, ct);
        return Page();
    }
}

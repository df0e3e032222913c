using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Analytics.Web.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class ProfileModel(PersonAccess access, ProfileQuery query, CurrentViewer viewer, AnalyticsDbContext db) : PageModel
{
    public ProfileView View { get; private set; } = null!;

    /// <summary>On the viewer's own profile: whether they hid themselves from expertise search (the form to change it shows); else null.</summary>
    public bool? OwnExpertiseHidden { get; private set; }

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
        if (person.EmployeeId is { } employee && employee == viewer.EmployeeId)
            OwnExpertiseHidden = await db.Employees.AsNoTracking().Where(e => e.Id == employee).Select(e => e.HiddenFromExpertise).FirstOrDefaultAsync(ct);
        return Page();
    }
}

using Analytics.Domain.Persistence;
using Analytics.Web.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class ProfileModel(PersonAccess access, ProfileQuery query, ProfilePlaces places, TimeProvider clock, AnalyticsDbContext db) : PageModel
{
    /// <summary>How long an approved award counts as new on the awardee's own profile.</summary>
    public static readonly TimeSpan NewFor = TimeSpan.FromDays(30);

    public ProfileView View { get; private set; } = null!;

    /// <summary>The awards of the last <see cref="NewFor"/>, shown to the awardee only (others see the plain list).</summary>
    public IReadOnlyList<Analytics.Web.Recognition.AwardRow> NewRecognition { get; private set; } = [];

    /// <summary>Department, manager, rank and whether the viewer may give an award: per viewer, so not in the cached view.</summary>
    public ProfilePlace Place { get; private set; } = ProfilePlace.None;

    /// <summary>On the viewer's own profile: whether they hid themselves from expertise search (the form to change it shows); else null.</summary>
    public bool? OwnExpertiseHidden { get; private set; }

    /// <summary>The chart's one-line takeaway; a period that has not ended gets no change (its figures are partial).</summary>
    public string Takeaway { get; private set; } = "";

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
        // The figures are computed in their own scope (the read-model cache), side by side with the audit entry's commit;
        // both are awaited before anything is shown, and a failed audit still fails the request.
        var view = query.RunAsync(person, p, ct);
        await access.AuditViewAsync(person, "page", ct);
        // The place reads through this request's context (as the audit may, on SQL Server): after the audit, beside the figures.
        var place = places.ForAsync(person, p, ct);
        View = await view;
        // One test of "my own profile" for everything the page shows its owner only.
        var mine = access.IsMine(person);
        if (mine)
            NewRecognition = View.Recognition.Where(a => a.EffectiveAt >= clock.GetUtcNow() - NewFor).ToList();
        Place = await place;
        Takeaway = View.Takeaway(inProgress: p.To >= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (mine && person.EmployeeId is { } employee)
            OwnExpertiseHidden = await db.Employees.AsNoTracking().Where(e => e.Id == employee).Select(e => e.HiddenFromExpertise).FirstOrDefaultAsync(ct);
        return Page();
    }
}

using Analytics.Domain.Email;
using Analytics.Jobs.Email;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

/// <summary>
/// The signed-in person's e-mail digests: each one on or off (audited). It acts on the viewer's own employee record
/// only: there is no id to change, so nobody can unsubscribe someone else. The link at the end of every message leads here.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class EmailModel(EmailPreferences preferences, CurrentViewer viewer) : PageModel, IFormPage
{
    public bool HasEmployee { get; private set; }

    /// <summary>The digests the viewer receives (the ones not turned off).</summary>
    public IReadOnlySet<EmailDigest> Receiving { get; private set; } = new HashSet<EmailDigest>();

    [TempData]
    public string? Message { get; set; }

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task ShowAsync(CancellationToken ct)
    {
        var off = viewer.EmployeeId is { } id ? await preferences.OptOutAsync(id, ct) : null;
        HasEmployee = off is not null;
        Receiving = off is { } o ? EmailPreferences.All.Where(d => (o & d) == 0).ToHashSet() : new HashSet<EmailDigest>();
    }

    /// <param name="receive">The digests left on (checked boxes); every other one is turned off.</param>
    /// <param name="ct">The request's cancellation.</param>
    public async Task<IActionResult> OnPostAsync([FromForm] EmailDigest[]? receive, CancellationToken ct)
    {
        var on = (receive ?? []).Aggregate(EmailDigest.None, (all, d) => all | d);
        var off = EmailPreferences.All.Where(d => (on & d) == 0).Aggregate(EmailDigest.None, (all, d) => all | d);
        if (viewer.EmployeeId is not { } id || !await preferences.SetOptOutAsync(id, off, viewer.Name, ct))
        {
            ModelState.AddModelError(string.Empty, "Your account is not linked to an employee: the dashboard sends you no e-mail.");
            await ShowAsync(ct);
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        Message = off == EmailDigest.None ? "You receive every e-mail that concerns you." : "Saved: the e-mails you turned off are not sent to you.";
        return RedirectToPage();
    }
}

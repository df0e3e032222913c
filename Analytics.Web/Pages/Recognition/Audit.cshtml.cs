using Analytics.Domain.Auditing;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class AuditModel(RecognitionExports exports, AuditSubjects subjects) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The people the entries refer to, by stored subject ("Person:254" → name and profile).</summary>
    public IReadOnlyDictionary<string, AuditSubject> Subjects { get; private set; } = new Dictionary<string, AuditSubject>();
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = new AuditFilter(Action, Actor, From, To);
        if (filter.Error is { } error)
        {
            // The page still renders, with the message and the filter form, so the user can correct it.
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Entries = await exports.AuditAsync(filter, RecognitionExports.PageRows, ct);
        Subjects = await subjects.NameAsync(Entries, ct);
        return Page();
    }
}

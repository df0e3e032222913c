using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages.Recognition;

/// <summary>The signed-in person's own approved awards; pending and rejected ones are not theirs to see yet.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MineModel(RecognitionQuery query, CurrentViewer viewer, AnalyticsDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AwardRow> Awards { get; private set; } = [];

    /// <summary>Set by the feed's hide and show handlers, which come back here.</summary>
    [Microsoft.AspNetCore.Mvc.TempData] public string? Notice { get; set; }

    /// <summary>Why the list is empty, in the viewer's own situation: awards come from above a person in the reporting line (ADR 1811).</summary>
    public string Empty { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (viewer.EmployeeId is not { } me)
        {
            Empty = "Your sign-in is linked to no employee of the HR directory, so no award can be addressed to it.";
            return;
        }

        Awards = await query.ApprovedForEmployeeAsync(me, ct);
        if (Awards.Count > 0)
            return;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var managed = await db.OrgAssignments.AsNoTracking().InForceOn(today).AnyAsync(o => o.EmployeeId == me && o.ManagerId != null, ct);
        Empty = managed
            ? "No approved awards yet: awards from the managers above you in your reporting line appear here once approved."
            : "No approved awards yet. Awards come from the managers above a person in the reporting line, and the HR directory lists no manager above you today.";
    }
}

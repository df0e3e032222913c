using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

/// <summary>The signed-in person's own approved awards; pending and rejected ones are not theirs to see yet.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class MineModel(RecognitionQuery query, CurrentViewer viewer) : PageModel
{
    public IReadOnlyList<AwardRow> Awards { get; private set; } = [];

    /// <summary>Set by the feed's hide and show handlers, which come back here.</summary>
    [Microsoft.AspNetCore.Mvc.TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Awards = viewer.EmployeeId is { } me ? await query.ApprovedForEmployeeAsync(me, ct) : [];
}

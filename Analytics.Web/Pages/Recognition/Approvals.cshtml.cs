using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class ApprovalsModel(RecognitionQuery query, AwardDesk desk, PendingApprovals approvals) : PageModel, IFormPage
{
    public IReadOnlyList<AwardRow> Pending { get; private set; } = [];

    public ApprovalContext Context { get; private set; } = ApprovalContext.Empty;

    [TempData] public string? Notice { get; set; }

    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task ShowAsync(CancellationToken ct)
    {
        Pending = await query.PendingAsync(ct);
        Context = await approvals.ContextAsync(Pending, ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        await DecidedAsync(await desk.ApproveAsync(id, ct), "Award approved.", ct);

    public async Task<IActionResult> OnPostRejectAsync(long id, string? reason, CancellationToken ct) =>
        await DecidedAsync(await desk.RejectAsync(id, reason, ct), "Award rejected; its points are back in the manager's budget.", ct);

    private async Task<IActionResult> DecidedAsync(DecisionResult result, string notice, CancellationToken ct)
    {
        if (result.Succeeded)
        {
            Notice = notice;
            return RedirectToPage();
        }

        Error = result.Error;
        await ShowAsync(ct);
        return Page();
    }
}

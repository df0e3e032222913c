using System.ComponentModel.DataAnnotations;
using Analytics.Domain.Recognition;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

public sealed class AwardForm
{
    // Required and nullable: a field left out is refused, never replaced by a default (ADR 1662).
    [Required(ErrorMessage = "Choose a recipient.")] public int? RecipientId { get; set; }
    // A number such as 99 binds to an undefined enum value; only the defined categories are accepted.
    [Required(ErrorMessage = "Choose a category."), EnumDataType(typeof(RecognitionCategory))]
    public RecognitionCategory? Category { get; set; }
    public string? Message { get; set; }
    [Required(ErrorMessage = "Enter the points, a whole number.")] public int? Points { get; set; }
    public List<long> Evidence { get; set; } = [];
}

[Authorize(Roles = Roles.Manager + "," + Roles.Leadership + "," + Roles.HR)]
public sealed class IndexModel(AwardPage page, AwardDesk desk, PendingApprovals approvals) : PageModel, IFormPage
{
    public AwardPageView View { get; private set; } = AwardPageView.Empty;

    [BindProperty] public AwardForm Form { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public string? Error { get; private set; }

    /// <summary>Awards waiting for HR (shown to HR only).</summary>
    public int ApprovalsWaiting { get; private set; }

    // person: the person id, as in the profile's address /People/{id} (ADR 2104).
    public async Task OnGetAsync(int? person, RecognitionCategory? category, CancellationToken ct)
    {
        var recipient = await page.EmployeeOfAsync(person, ct);
        Form.RecipientId = recipient;
        Form.Category = category ?? RecognitionCategory.Sharing;
        // The form's suggestion; a post must carry its own value (no default fills a missing field).
        Form.Points = 25;
        View = await page.BuildAsync(recipient, ct);
        await CountApprovalsAsync(ct);
    }

    public async Task ShowAsync(CancellationToken ct)
    {
        View = await page.BuildAsync(Form.RecipientId ?? 0, ct);
        await CountApprovalsAsync(ct);
    }

    private async Task CountApprovalsAsync(CancellationToken ct)
    {
        if (User.IsInRole(Roles.HR))
            ApprovalsWaiting = await approvals.CountAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A value that did not bind (1.0, 1,5, empty, Bogus, left out) never gets here (RefusedPostFilter).
        var result = await desk.AwardAsync(new AwardRequest(Form.RecipientId!.Value, Form.Category!.Value, Form.Message, Form.Points!.Value, Form.Evidence), ct);
        if (result.Succeeded)
        {
            Notice = result.Outcome == AwardOutcome.PendingApproval
                ? "Award saved: it is above the approval threshold and waits for HR."
                : "Award given.";
            return RedirectToPage();
        }

        Error = result.Error;
        await ShowAsync(ct);
        return Page();
    }
}

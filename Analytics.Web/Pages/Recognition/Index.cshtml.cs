using Analytics.Domain.Recognition;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

public sealed class AwardForm
{
    public int RecipientId { get; set; }
    public RecognitionCategory Category { get; set; } = RecognitionCategory.Sharing;
    public string? Message { get; set; }
    public int Points { get; set; } = 25;
    public List<long> Evidence { get; set; } = [];
}

[Authorize(Roles = Roles.Manager + "," + Roles.HR)]
public sealed class IndexModel(AwardPage page, AwardDesk desk) : PageModel
{
    public AwardPageView View { get; private set; } = AwardPageView.Empty;

    [BindProperty] public AwardForm Form { get; set; } = new();

    [TempData] public string? Notice { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(int? recipient, RecognitionCategory? category, CancellationToken ct)
    {
        Form.RecipientId = recipient ?? 0;
        Form.Category = category ?? RecognitionCategory.Sharing;
        View = await page.BuildAsync(Form.RecipientId, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await desk.AwardAsync(new AwardRequest(Form.RecipientId, Form.Category, Form.Message, Form.Points, Form.Evidence), ct);
        if (result.Succeeded)
        {
            Notice = result.Outcome == AwardOutcome.PendingApproval
                ? "Award saved: it is above the approval threshold and waits for HR."
                : "Award given.";
            return RedirectToPage();
        }

        Error = result.Error;
        View = await page.BuildAsync(Form.RecipientId, ct);
        return Page();
    }
}

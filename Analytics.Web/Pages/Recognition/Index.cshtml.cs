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
    // A number such as 99 binds to an undefined enum value; only the defined categories are accepted.
    [System.ComponentModel.DataAnnotations.EnumDataType(typeof(RecognitionCategory))]
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
        // A value that did not bind (1.0, 1,5, empty, Bogus) would leave the default 25 points or Sharing in place.
        if (!ModelState.IsValid)
        {
            Error = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct())
                    + " Points and recipient are whole numbers; the category is one of the listed ones.";
            View = await page.BuildAsync(Form.RecipientId, ct);
            return Page();
        }

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

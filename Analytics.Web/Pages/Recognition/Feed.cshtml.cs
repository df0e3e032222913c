using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Recognition;

/// <summary>The recognition feed (issue 18): every signed-in person reads it; an awardee hides or shows their own awards.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class FeedModel(RecognitionFeed feed) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public FeedView View { get; private set; } = FeedView.Empty;

    public string? Error { get; private set; }

    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await ShowAsync(ct);
        if (Error is not null)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task ShowAsync(CancellationToken ct)
    {
        if (!RecognitionFeed.TryCategory(Category, out var category, out var error))
        {
            (View, Error) = ((await feed.RunAsync(null, null, 1, ct)).View with { Entries = [] }, error);
            return;
        }

        (View, Error) = await feed.RunAsync(category, Department, PageNumber, ct);
    }

    public Task<IActionResult> OnPostHideAsync(long id, CancellationToken ct) => SetAsync(id, hidden: true, ct);

    public Task<IActionResult> OnPostShowAsync(long id, CancellationToken ct) => SetAsync(id, hidden: false, ct);

    /// <summary>This feed's address with its filters, for the pager and the forms.</summary>
    public string Link =>
        $"/Recognition/Feed?category={Uri.EscapeDataString(Category ?? "")}&department={Uri.EscapeDataString(Department ?? "")}";

    private async Task<IActionResult> SetAsync(long id, bool hidden, CancellationToken ct)
    {
        if (!await feed.SetHiddenAsync(id, hidden, ct))
        {
            Error = "Only the person recognised can hide or show an approved award.";
            await ShowAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Notice = hidden ? "The award is hidden from the feed. Your profile still lists it." : "The award shows in the feed again.";
        // Back where the form was: the feed with its filters, or "My recognition".
        return Request.Form["back"] == "mine" ? RedirectToPage("Mine") : Redirect(Link + "&pageNumber=" + PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Sources;

[Authorize(Policy = Policies.Administer)]
public sealed class SourceModel(SourcesQuery query, SyncNow syncNow) : PageModel, IFormPage
{
    // Not "page": Razor Pages reserves that name for the route value of the page itself.
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public RunsPage? View { get; private set; }
    public string? Error { get; private set; }

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (PageNumber < 1)
            return BadRequest("pageNumber starts at 1.");
        View = await query.SourceAsync(id, PageNumber, ct);
        return View is null ? NotFound() : Page();
    }

    /// <summary>After a refused post: the source named by the route, first page of its runs.</summary>
    public async Task ShowAsync(CancellationToken ct) =>
        View = int.TryParse(RouteData.Values["id"]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await query.SourceAsync(id, 1, ct)
            : null;

    public async Task<IActionResult> OnPostSyncAsync(int id, CancellationToken ct)
    {
        var result = await syncNow.EnqueueAsync(id, ct);
        switch (result.Outcome)
        {
            case SyncNowOutcome.UnknownSource:
                return NotFound();
            case SyncNowOutcome.Enqueued:
                Message = $"Sync of {result.SourceName} queued as job {result.JobId}. The run appears below when it starts.";
                return RedirectToPage(new { id });
            default:
                // Shown on the page with 409: the request was understood but the source's state forbids it.
                Error = result.Outcome switch
                {
                    SyncNowOutcome.Disabled => $"{result.SourceName} is disabled and cannot be synced. Enable it first.",
                    SyncNowOutcome.NoLocation => $"{result.SourceName} has no location to sync from.",
                    _ => $"{result.SourceName} has no connector that can sync it (its data was generated or imported once).",
                };
                View = await query.SourceAsync(id, 1, ct);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
        }
    }
}

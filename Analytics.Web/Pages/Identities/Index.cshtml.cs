using Analytics.Domain.People;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Identities;

/// <summary>HR decides who is who: pending suggestions, merging two persons, splitting an account off.</summary>
[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class IndexModel(IdentityResolver resolver) : PageModel
{
    public IReadOnlyList<SuggestionView> Pending { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Pending = await resolver.ListAsync(SuggestionStatus.Pending, ct);

    public Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken ct) =>
        DecideAsync(() => resolver.AcceptAsync(id, Actor, ct), $"Suggestion {id} accepted: the person is linked to the employee.", ct);

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct) =>
        DecideAsync(() => resolver.RejectAsync(id, Actor, ct), $"Suggestion {id} rejected.", ct);

    public Task<IActionResult> OnPostMergeAsync(int target, int other, CancellationToken ct) =>
        DecideAsync(() => resolver.MergeAsync(target, other, Actor, ct), $"Person {other} merged into person {target}.", ct);

    public Task<IActionResult> OnPostSplitAsync(int account, CancellationToken ct) =>
        DecideAsync(async () => Message = $"Account {account} now has its own person {await resolver.SplitAsync(account, Actor, ct)}.", null, ct);

    private string Actor => User.Identity!.Name!;

    private async Task<IActionResult> DecideAsync(Func<Task> decision, string? message, CancellationToken ct)
    {
        try
        {
            await decision();
        }
        catch (InvalidOperationException e)
        {
            // A stale or impossible decision (already decided, unknown id) goes back to HR with the reason.
            ModelState.AddModelError(string.Empty, e.Message);
            Pending = await resolver.ListAsync(SuggestionStatus.Pending, ct);
            return Page();
        }

        if (message is not null)
            Message = message;
        return RedirectToPage();
    }
}

using Analytics.Domain.People;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Identities;

/// <summary>HR decides who is who: pending suggestions, merging two persons, splitting an account off.</summary>
[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class IndexModel(IdentityResolver resolver, Analytics.Web.People.IdentityLookup lookup) : PageModel, IFormPage
{
    public IReadOnlyList<SuggestionView> Pending { get; private set; } = [];

    /// <summary>Pairs of persons that look like one human (ADR 2203), to merge or keep apart.</summary>
    public IReadOnlyList<MatchView> PendingMatches { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The lookup's text (name, e-mail, username or account id), the people found, and the persons picked for a merge.</summary>
    public string? Query { get; private set; }
    public IReadOnlyList<Analytics.Web.People.LookupPerson>? Found { get; private set; }
    public int? Target { get; private set; }
    public int? Other { get; private set; }
    public string? LookupError { get; private set; }

    // q, target and other are GET-only: the lookup and the picks live in the URL (ADR 2115), the forms still post ids.
    public async Task<IActionResult> OnGetAsync(string? q, int? target, int? other, CancellationToken ct)
    {
        await LoadAsync(ct);
        (Target, Other) = (target is > 0 ? target : null, other is > 0 ? other : null);
        if (string.IsNullOrWhiteSpace(q))
            return Page();
        Query = q.Trim();
        if (Query.Length > Analytics.Web.People.IdentityLookup.MaxQueryLength)
        {
            LookupError = $"Search with at most {Analytics.Web.People.IdentityLookup.MaxQueryLength} characters.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Found = await lookup.FindAsync(Query, ct);
        return Page();
    }

    public Task ShowAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Pending = await resolver.ListAsync(SuggestionStatus.Pending, ct);
        PendingMatches = await resolver.ListMatchesAsync(SuggestionStatus.Pending, ct);
    }

    public Task<IActionResult> OnPostAcceptMatchAsync(int id, CancellationToken ct) =>
        DecideAsync(async () => Message = $"Match {id} accepted: the two persons are now person {await resolver.AcceptMatchAsync(id, Actor, ct)}.", null, ct);

    public Task<IActionResult> OnPostRejectMatchAsync(int id, CancellationToken ct) =>
        DecideAsync(() => resolver.RejectMatchAsync(id, Actor, ct), $"Match {id} rejected: the two persons stay apart.", ct);

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
            await LoadAsync(ct);
            return Page();
        }

        if (message is not null)
            Message = message;
        return RedirectToPage();
    }
}

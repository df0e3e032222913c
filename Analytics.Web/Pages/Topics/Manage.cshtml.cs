using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Analytics.Web.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages.Topics;

/// <summary>HR merges a topic into another or hides it; each change is stored as a rule and audited (ADR 1701).</summary>
[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class ManageModel(AnalyticsDbContext db, ExpertiseReadModel model, TopicRuleStore store) : PageModel, IFormPage
{
    public IReadOnlyList<TopicEntry> Topics { get; private set; } = [];
    public IReadOnlyList<TopicRule> Rules { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task ShowAsync(CancellationToken ct)
    {
        Topics = TopicQueries.TopicList(await model.CurrentAsync(ct));
        Rules = await db.TopicRules.AsNoTracking().Where(r => r.Hidden || r.MergeIntoKey != null).OrderBy(r => r.TopicKey).ToListAsync(ct);
    }

    public Task<IActionResult> OnPostMergeAsync(string? topic, string? into, CancellationToken ct) =>
        ChangeAsync(async () => $"'{TopicNames.Normalise(topic)}' now counts as '{await store.MergeAsync(topic, into, User.Identity!.Name!, ct)}'.", ct);

    public Task<IActionResult> OnPostUnmergeAsync(string? topic, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await store.UnmergeAsync(topic, User.Identity!.Name!, ct);
            return $"'{TopicNames.Normalise(topic)}' is its own topic again.";
        }, ct);

    public Task<IActionResult> OnPostHideAsync(string? topic, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await store.SetHiddenAsync(topic, true, User.Identity!.Name!, ct);
            return $"'{TopicNames.Normalise(topic)}' is hidden.";
        }, ct);

    public Task<IActionResult> OnPostShowAsync(string? topic, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            await store.SetHiddenAsync(topic, false, User.Identity!.Name!, ct);
            return $"'{TopicNames.Normalise(topic)}' is shown again.";
        }, ct);

    private async Task<IActionResult> ChangeAsync(Func<Task<string>> change, CancellationToken ct)
    {
        try
        {
            Message = await change();
            return RedirectToPage();
        }
        catch (TopicRuleRefusedException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        await ShowAsync(ct);
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}

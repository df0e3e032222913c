using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Communities;
using Analytics.Web.Access;
using Analytics.Web.Communities;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages.Communities;

public sealed record CommunityDefinition(int Id, string Name, IReadOnlyList<CommunityMemberView> Members);

/// <summary>HR defines communities here: create, rename, add and remove members, delete, or create one from a suggestion; every change is audited.</summary>
[Authorize(Policy = Policies.ManagePeopleData)]
public sealed class ManageModel(AnalyticsDbContext db, CommunityStore store, CommunitySuggestions suggestions, CommunitiesQuery query) : PageModel, IFormPage
{
    public const int AuditRows = 50;

    public IReadOnlyList<CommunityDefinition> Communities { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Sources { get; private set; } = [];
    public IReadOnlyList<CommunitySuggestion> Suggestions { get; private set; } = [];
    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];
    public int MinimumGroupSize => query.MinimumGroupSize;

    [TempData] public string? Message { get; set; }

    public Task OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task ShowAsync(CancellationToken ct)
    {
        var communities = await db.Communities.AsNoTracking().Include(c => c.Members).ThenInclude(m => m.SourceSystem).OrderBy(c => c.Name).ToListAsync(ct);
        Communities = communities.Select(c => new CommunityDefinition(c.Id, c.Name,
            c.Members.OrderBy(m => m.SourceSystem!.Name).ThenBy(m => m.Value)
                .Select(m => new CommunityMemberView(m.Id, m.SourceSystemId, m.SourceSystem!.Name, m.Value)).ToList())).ToList();
        Sources = (await db.SourceSystems.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        Suggestions = await suggestions.RunAsync(query.MinimumGroupSize, ct);
        Audit = (await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("community.")).ToListAsync(ct))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(AuditRows).ToList();
    }

    public Task<IActionResult> OnPostCreateAsync(string? name, int? sourceSystemId, string? value, CancellationToken ct) =>
        ChangeAsync(async () =>
        {
            var community = await store.CreateAsync(name, Actor, ct, sourceSystemId, value);
            return $"Community \"{community.Name}\" created.";
        }, ct);

    public Task<IActionResult> OnPostRenameAsync(int communityId, string? name, CancellationToken ct) =>
        ChangeAsync(async () => { await store.RenameAsync(communityId, name, Actor, ct); return "Community renamed."; }, ct);

    public Task<IActionResult> OnPostAddMemberAsync(int communityId, int sourceSystemId, string? value, CancellationToken ct) =>
        ChangeAsync(async () => { await store.AddMemberAsync(communityId, sourceSystemId, value, Actor, ct); return $"\"{value?.Trim()}\" added."; }, ct);

    public Task<IActionResult> OnPostRemoveMemberAsync(int communityId, int memberId, CancellationToken ct) =>
        ChangeAsync(async () => { await store.RemoveMemberAsync(communityId, memberId, Actor, ct); return "Removed."; }, ct);

    public Task<IActionResult> OnPostDeleteAsync(int communityId, CancellationToken ct) =>
        ChangeAsync(async () => { await store.DeleteAsync(communityId, Actor, ct); return "Community deleted."; }, ct);

    private string Actor => User.Identity!.Name!;

    private async Task<IActionResult> ChangeAsync(Func<Task<string>> change, CancellationToken ct)
    {
        try
        {
            Message = await change();
            return RedirectToPage();
        }
        catch (CommunityRefusedException e)
        {
            // The store checked the change and stored nothing; the reason goes back to the page with a 400.
            ModelState.AddModelError(string.Empty, e.Message);
        }

        await ShowAsync(ct);
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}

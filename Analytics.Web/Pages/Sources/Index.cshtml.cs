using Analytics.Web.Access;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Sources;

[Authorize(Policy = Policies.Administer)]
public sealed class IndexModel(SourcesQuery query) : PageModel
{
    public IReadOnlyList<SourceRow> Sources { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Sources = await query.ListAsync(ct);
}

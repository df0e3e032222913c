using Analytics.Web.Access;
using Analytics.Web.Overview;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

[Authorize(Policy = Policies.ViewAggregates)]
public sealed class IndexModel(OverviewQuery query) : PageModel
{
    public OverviewView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await query.RunAsync(ct);
}

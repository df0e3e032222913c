using Analytics.Web.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class IndexModel(PeopleSearch search) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<PersonHit> Hits { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Hits = await search.RunAsync(Query, ct);
}

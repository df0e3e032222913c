using Analytics.Web.People;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.People;

public sealed class IndexModel(PeopleSearch search) : PageModel
{
    /// <summary>Rows per page: a manager's line or HR's whole organisation is paged, never cut off.</summary>
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public string? Error { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<PersonHit> Hits { get; private set; } = [];
    public Paging Paging => new(PageNumber, PageSize, Total);

    /// <summary>This search's address, for the pager.</summary>
    public string Link => $"/People?q={Uri.EscapeDataString(Query ?? "")}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1)
            return Invalid("The page number starts at 1.");
        var all = await search.AllAsync(Query, ct);
        Total = all.Count;
        if (PageNumber > Paging.Pages)
            return Invalid($"The results have {Paging.Pages} page(s).");
        Hits = all.Skip(Paging.Skip).Take(PageSize).ToList();
        return Page();
    }

    // The page still renders, with the message and the search form, so the user can correct the link.
    private PageResult Invalid(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

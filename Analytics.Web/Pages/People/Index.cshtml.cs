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

    /// <summary>The column the results are ordered by (name, department, kind) and the direction (asc, desc): in the URL, ordered by the server.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public static readonly string[] Columns = ["name", "department", "kind"];
    public string SortColumn => string.IsNullOrWhiteSpace(Sort) ? "name" : Sort.Trim().ToLowerInvariant();
    public bool Descending => string.Equals(Dir?.Trim(), "desc", StringComparison.OrdinalIgnoreCase);

    public string? Error { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<PersonHit> Hits { get; private set; } = [];
    public Paging Paging => new(PageNumber, PageSize, Total);

    /// <summary>This search's address, for the pager.</summary>
    public string Link => SortLink(SortColumn, Descending);

    /// <summary>This search ordered by <paramref name="column"/>, back to page 1 unless the pager adds one.</summary>
    public string SortLink(string column, bool descending) =>
        $"/People?q={Uri.EscapeDataString(Query ?? "")}&sort={column}&dir={(descending ? "desc" : "asc")}";

    /// <summary>aria-sort of a column header: only the column the results are ordered by has one.</summary>
    public string? AriaSort(string column) => column == SortColumn ? (Descending ? "descending" : "ascending") : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1)
            return Invalid("The page number starts at 1.");
        if (!Columns.Contains(SortColumn))
            return Invalid("Sort by name, department or kind.");
        if (!string.IsNullOrWhiteSpace(Dir) && !Descending && !string.Equals(Dir.Trim(), "asc", StringComparison.OrdinalIgnoreCase))
            return Invalid("The direction is asc or desc.");
        var all = Order(await search.AllAsync(Query, ct));
        Total = all.Count;
        if (PageNumber > Paging.Pages)
            return Invalid($"The results have {Paging.Pages} page(s).");
        Hits = all.Skip(Paging.Skip).Take(PageSize).ToList();
        return Page();
    }

    private List<PersonHit> Order(IReadOnlyList<PersonHit> hits)
    {
        Func<PersonHit, string> key = SortColumn switch
        {
            "department" => h => h.Department ?? "",
            "kind" => h => h.Kind,
            _ => h => h.Name,
        };
        var ordered = Descending
            ? hits.OrderByDescending(key, StringComparer.OrdinalIgnoreCase)
            : hits.OrderBy(key, StringComparer.OrdinalIgnoreCase);
        // Ties by name then id, so a page boundary never moves between requests.
        return ordered.ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.PersonId).ToList();
    }

    // The page still renders, with the message and the search form, so the user can correct the link.
    private PageResult Invalid(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

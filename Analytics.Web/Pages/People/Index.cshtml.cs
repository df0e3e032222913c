using Analytics.Web.Dashboard;
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

    /// <summary>The column the results are ordered by (name, department, kind) and the direction (asc, desc): in the URL, ordered by the server (<see cref="TableSort"/>).</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public static readonly SortableColumn[] Columns = [new("name", "Name"), new("department", "Department"), new("kind", "Kind")];

    public TableSort Sorting { get; private set; } = Default;

    private static TableSort Default => TableSort.TryParse(null, null, Columns, "name", false, out var sort, out _) ? sort : throw new InvalidOperationException();

    public string? Error { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<PersonHit> Hits { get; private set; } = [];
    public Paging Paging => new(PageNumber, PageSize, Total);

    /// <summary>This search's address without its order: the sortable headers add theirs.</summary>
    public string BaseLink => $"/People?q={Uri.EscapeDataString(Query ?? "")}";

    /// <summary>This search's address, for the pager.</summary>
    public string Link => $"{BaseLink}&{Sorting.Query}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (PageNumber < 1)
            return Invalid("The page number starts at 1.");
        if (!TableSort.TryParse(Sort, Dir, Columns, "name", false, out var sorting, out var error))
            return Invalid(error!);
        Sorting = sorting;
        // Ties by name then id (the search's order), so a page boundary never moves between requests.
        var all = sorting.Order(await search.AllAsync(Query, ct), (h, column) => column switch
        {
            "department" => h.Department ?? "",
            "kind" => h.Kind,
            _ => h.Name,
        });
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

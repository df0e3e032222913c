using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Departments;

/// <summary>
/// The items behind one knowledge-flow cell (issue 21, ADR 2112): the items of department <c>from</c> reused by department
/// <c>to</c> in the period, sorted on the server and paged; a pair that is not a cell of the matrix shows nothing.
/// </summary>
[Authorize(Policy = Policies.ViewAggregates)]
public sealed class FlowModel(DrillDownQuery query, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    public static readonly SortableColumn[] Columns =
        [new("item", "Item"), new("topic", "Topic"), new("reuse", "Reuse events", Numeric: true)];

    public TableSort Sorting { get; private set; } = null!;
    public string? Error { get; private set; }
    public FlowItemsView? View { get; private set; }
    public IReadOnlyList<FlowItem> Ordered { get; private set; } = [];
    public Paging Paging => new(PageNumber, PageSize, Ordered.Count);
    public IEnumerable<FlowItem> PageRows => Ordered.Skip(Paging.Skip).Take(PageSize);

    /// <summary>This page's address with its filters and without its order: the sortable headers add theirs.</summary>
    public string BaseLink => View is null ? "/Departments/Flow" : DrillDownLinks.Flow(View.From.Code, View.To.Code, View.Period);

    /// <summary>With the order, for the pager.</summary>
    public string Link => $"{BaseLink}&{Sorting.Query}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(From) || string.IsNullOrWhiteSpace(To))
            return Invalid("Name both departments: from (whose items) and to (who reused them), by code.");
        if (PageNumber < 1)
            return Invalid("The page number starts at 1.");
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !TableSort.TryParse(Sort, Dir, Columns, "reuse", true, out var sorting, out error))
            return Invalid(error);
        Sorting = sorting;
        Period = period.Label;
        View = await query.FlowItemsAsync(From.Trim(), To.Trim(), period, ct);
        if (View is null)
            return NotFound();
        Ordered = sorting.Order(View.Items, (item, column) => column switch
        {
            "item" => item.Title,
            "topic" => item.Topic,
            _ => item.Reuse,
        });
        if (PageNumber > Paging.Pages)
            return Invalid($"The list has {Paging.Pages} page(s).");
        return Page();
    }

    // The page still renders, with the message, so the user can correct the link.
    private PageResult Invalid(string? error)
    {
        Error = error;
        Sorting ??= TableSort.TryParse(null, null, Columns, "reuse", true, out var fallback, out _) ? fallback : null!;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

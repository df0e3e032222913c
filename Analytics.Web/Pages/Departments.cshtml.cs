using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

[Authorize(Policy = Policies.ViewAggregates)]
public sealed class DepartmentsModel(DepartmentsQuery query, DrillDownQuery drillDown, Analytics.Domain.Persistence.AnalyticsDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    /// <summary>The heatmap's reuse within a department: hidden by default (ADR 2102), <c>show</c> to draw it.</summary>
    [BindProperty(SupportsGet = true)] public string? Diagonal { get; set; }
    public bool ShowWithin { get; private set; }

    /// <summary>HR's page-level switch (<see cref="DashboardFilters.TryPopulation"/>), the same as the leaderboard's.</summary>
    [BindProperty(SupportsGet = true)] public string? People { get; set; }

    public Population Population { get; private set; }

    /// <summary>The tree's order (default) or a column's (<see cref="TableSort"/>, ADR 2105): <c>sort=</c> and <c>dir=</c> in the URL.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public static readonly SortableColumn[] Columns =
    [
        new("department", "Department"), new("headcount", "Headcount", true), new("active-contributors", "Active contributors", true),
        new("active-contributor-rate", "Active-contributor rate", true), new("contributions", "Contributions", true),
        new("reuse", "Reuse received", true), new("cross-team-reuse", "Cross-team reuse", true), new("reuse-ratio", "Reuse ratio", true),
    ];

    public TableSort Sorting { get; private set; } = null!;

    /// <summary>The department rows in the order asked for; hidden groups (no figures) last when ordered by a figure.</summary>
    public IReadOnlyList<DepartmentRow> Rows { get; private set; } = [];

    /// <summary>This page's address with its filters and without its order: the sortable headers add theirs.</summary>
    public string BaseLink =>
        $"/Departments?period={Uri.EscapeDataString(Period ?? "")}{DashboardFilters.PeopleQuery(Population)}{(ShowWithin ? "&diagonal=show" : "")}";

    public string? Error { get; private set; }

    /// <summary>Each department by code, for the links from its row to its page (ADR 2111).</summary>
    public IReadOnlyDictionary<string, DepartmentRef> Refs { get; private set; } = new Dictionary<string, DepartmentRef>();

    public DepartmentsView? Departments { get; private set; }
    public FlowView? Flow { get; private set; }
    public BarriersView? Barriers { get; private set; }

    /// <summary>The heatmap's one-line takeaway, from the cells it draws (<see cref="FlowPicture"/>); null without a flow.</summary>
    public string? FlowTakeaway { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !DashboardFilters.TryPopulation(People, User, out var population, out error)
            || !FlowHeatmap.TryDiagonal(Diagonal, out var showWithin, out error)
            || !TableSort.TryParse(Sort, Dir, Columns, "department", false, out var sorting, out error, ownOrder: true))
        {
            Error = error;
            // The page still renders, with the message and the filter form, so the user can correct the link.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Period = period.Label;
        ShowWithin = showWithin;
        Population = population;
        Departments = await query.DepartmentsAsync(period, population, ct);
        Refs = await drillDown.RefsAsync(ct);
        Sorting = sorting;
        Rows = sorting.Order(Departments.Departments, (d, column) => column == "department" ? d.Name : d.Figures is not { } f ? null : column switch
        {
            "headcount" => (double)f.Headcount,
            "active-contributors" => (double)f.ActiveContributors,
            "active-contributor-rate" => f.ActiveContributorRate,
            "contributions" => (double)f.Contributions,
            "reuse" => f.ReuseReceived,
            "cross-team-reuse" => f.CrossTeamReuseReceived,
            _ => f.ReuseRatio,
        });
        // The knowledge flow is between departments: unlinked people have none, so their view has no flow.
        Flow = population == Population.Employees ? await query.FlowAsync(period, ct) : null;
        if (Flow is { Groups.Count: > 0 })
        {
            var picture = FlowPicture.Of(Flow, await DepartmentTree.LoadAsync(db, ct), showWithin);
            FlowTakeaway = Analytics.Domain.Metrics.ChartTakeaway.OfFlow(picture.Labels, picture.Values, period.Label, crossTeamOnly: !showWithin);
        }
        Barriers = await query.BarriersAsync(period, population, ct);
        return Page();
    }
}

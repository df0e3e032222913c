using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Analytics.Web.People;
using Analytics.Web.Sources;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages;

[Authorize(Policy = Policies.SignedIn)]
public sealed class LeaderboardModel(LeaderboardRunner runner, PersonAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? Scope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Metric { get; set; }
    [BindProperty(SupportsGet = true)] public int PageNumber { get; set; } = 1;

    /// <summary>HR's page-level switch (<see cref="DashboardFilters.TryPopulation"/>): "unlinked" ranks the people not linked to an employee.</summary>
    [BindProperty(SupportsGet = true)] public string? People { get; set; }

    public Population Population { get; private set; }

    /// <summary>The ranking's order (rank, default) or a column's (<see cref="TableSort"/>, ADR 2105): <c>sort=</c> and <c>dir=</c> in the URL.</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    /// <summary>The sortable columns; the value column is named after the metric ranked by.</summary>
    public IReadOnlyList<SortableColumn> Columns { get; private set; } = ColumnsFor("Value");

    public TableSort Sorting { get; private set; } = null!;

    /// <summary>Every ranked row in the order asked for; the page shows <see cref="PageSize"/> of them.</summary>
    public IReadOnlyList<LeaderboardRow> Ordered { get; private set; } = [];

    public static SortableColumn[] ColumnsFor(string valueTitle) =>
    [
        new("rank", "Rank", Numeric: true, FirstDescending: false), new("name", "Name"), new("department", "Department"),
        new("value", valueTitle, Numeric: true), new("recognition", "Recognition points", Numeric: true),
    ];

    public bool ShowsUnlinked => Population == Population.Unlinked;

    /// <summary>Rows per page: the whole ranking is in the export and the API, the page shows it in pages.</summary>
    public const int PageSize = 50;

    public string? Error { get; private set; }
    public LeaderboardView? View => Ranked?.View;
    public RankedLeaderboard? Ranked { get; private set; }
    public IReadOnlyList<(string Code, string Name, int Depth)> Scopes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scopes = await runner.ScopesAsync(ct);
        if (PageNumber < 1)
            return Invalid("The page number starts at 1.");
        if (!DashboardFilters.TryPeriod(Period, clock, out var period, out var error)
            || !DashboardFilters.TryMetric(Metric, out var metric, out error)
            || !DashboardFilters.TryPopulation(People, User, out var population, out error))
            return Invalid(error);
        Columns = ColumnsFor(MetricTitles[DashboardFilters.MetricCode(metric)]);
        if (!TableSort.TryParse(Sort, Dir, Columns, "rank", false, out var sorting, out error))
            return Invalid(error);
        Sorting = sorting;

        Population = population;
        var (ranked, scopeError) = await runner.RunAsync(
            new LeaderboardFilter(period, metric, string.IsNullOrWhiteSpace(Scope) ? null : Scope.Trim(), Population: population), ct);
        if (ranked is null)
            return Invalid(scopeError);
        (Ranked, Period, Metric) = (ranked, period.Label, DashboardFilters.MetricCode(metric));
        // Ties keep the ranking's order, so equal values stay by rank and a page boundary never moves.
        Ordered = sorting.Order(ranked.View.Rows, (row, column) => column switch
        {
            "rank" => row.Rank,
            "name" => row.Name,
            "department" => row.Department ?? "",
            "value" => row.Value,
            _ => (IComparable)ranked.RecognitionOf(row),
        });
        if (PageNumber > Paging.Pages)
            return Invalid($"The ranking has {Paging.Pages} page(s).");
        Visible = await access.VisibleAmongAsync(PageRows.Select(r => r.PersonId).ToList(), ct);
        if (await access.MyPersonIdAsync(ct) is { } me && Ordered.Select((row, index) => (row, index)).FirstOrDefault(r => r.row.PersonId == me) is { row: not null } mine)
            Mine = (mine.row, (mine.index / PageSize) + 1);
        return Page();
    }

    /// <summary>The viewer's own row and the page it is on, when they are ranked: everyone looks for themselves first.</summary>
    public (LeaderboardRow Row, int PageNumber)? Mine { get; private set; }

    /// <summary>The rows of this page whose profile the viewer may open: their name links to it and to their points explained (ADR 2113).</summary>
    public IReadOnlySet<int> Visible { get; private set; } = new HashSet<int>();

    /// <summary>A ranked person's profile for this leaderboard's period.</summary>
    public string ProfileLink(LeaderboardRow row) =>
        $"/People/{row.PersonId.ToString(System.Globalization.CultureInfo.InvariantCulture)}?period={Uri.EscapeDataString(Period ?? "")}";

    public Paging Paging => new(PageNumber, PageSize, View?.Rows.Count ?? 0);

    public IEnumerable<LeaderboardRow> PageRows => Ordered.Skip(Paging.Skip).Take(PageSize);

    /// <summary>The metric codes' titles, as the page's metric choice and the value column name them.</summary>
    public static readonly IReadOnlyDictionary<string, string> MetricTitles = new Dictionary<string, string>
    {
        ["points"] = "Points", ["contributions"] = "Contributions", ["reuse"] = "Reuse received", ["cross-team"] = "Cross-team reuse",
    };

    /// <summary>This leaderboard's address with its filters and without its order: the sortable headers add theirs.</summary>
    public string BaseLink =>
        $"/Leaderboard?period={Uri.EscapeDataString(Period ?? "")}&metric={Uri.EscapeDataString(Metric ?? "")}&scope={Uri.EscapeDataString(Scope ?? "")}"
        + DashboardFilters.PeopleQuery(Population);

    /// <summary>This leaderboard's address with its filters and order, for the pager.</summary>
    public string Link => $"{BaseLink}&{Sorting?.Query}";

    // The page still renders, with the message and the filter form, so the user can correct the link.
    private PageResult Invalid(string? error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

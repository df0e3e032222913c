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

        Population = population;
        var (ranked, scopeError) = await runner.RunAsync(
            new LeaderboardFilter(period, metric, string.IsNullOrWhiteSpace(Scope) ? null : Scope.Trim(), Population: population), ct);
        if (ranked is null)
            return Invalid(scopeError);
        (Ranked, Period, Metric) = (ranked, period.Label, DashboardFilters.MetricCode(metric));
        if (PageNumber > Paging.Pages)
            return Invalid($"The ranking has {Paging.Pages} page(s).");
        if (await access.MyPersonIdAsync(ct) is { } me && ranked.View.Rows.Select((row, index) => (row, index)).FirstOrDefault(r => r.row.PersonId == me) is { row: not null } mine)
            Mine = (mine.row, (mine.index / PageSize) + 1);
        return Page();
    }

    /// <summary>The viewer's own row and the page it is on, when they are ranked: everyone looks for themselves first.</summary>
    public (LeaderboardRow Row, int PageNumber)? Mine { get; private set; }

    public Paging Paging => new(PageNumber, PageSize, View?.Rows.Count ?? 0);

    public IEnumerable<LeaderboardRow> PageRows => View!.Rows.Skip(Paging.Skip).Take(PageSize);

    /// <summary>This leaderboard's address with its filters, for the pager.</summary>
    public string Link =>
        $"/Leaderboard?period={Uri.EscapeDataString(Period ?? "")}&metric={Uri.EscapeDataString(Metric ?? "")}&scope={Uri.EscapeDataString(Scope ?? "")}"
        + DashboardFilters.PeopleQuery(Population);

    // The page still renders, with the message and the filter form, so the user can correct the link.
    private PageResult Invalid(string? error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

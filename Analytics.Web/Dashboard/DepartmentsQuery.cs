using System.Text.Json.Serialization;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Web.Caching;
using Analytics.Web.Overview;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Dashboard;

/// <summary>One department of the tree; the figures are null when the group is under the minimum size.</summary>
public sealed record DepartmentRow(string Code, string Name, string? ParentCode, int Depth, bool Suppressed, DepartmentFigures? Figures);

public sealed record DepartmentFigures(int Headcount, int ActiveContributors, double? ActiveContributorRate, int Contributions,
    double ReuseReceived, double CrossTeamReuseReceived, double? ReuseRatio);

public sealed record DepartmentsView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<DepartmentRow> Departments)
{
    [JsonIgnore] public Population Population { get; init; }

    /// <summary>"employees", or "unlinked": HR's view (ADR 2206), with no department rows and the <see cref="Unlinked"/> line.</summary>
    public string People => DashboardFilters.PeopleCode(Population);

    /// <summary>
    /// The unlinked people's totals, apart from every department (they have none): headcount is those of them with
    /// activity in the period, and no active-contributor rate. Only in HR's unlinked view.
    /// </summary>
    public DepartmentFigures? Unlinked { get; init; }

    /// <summary>Why there is nothing to show, in words (ADR 2202): no HR directory loaded, no activity in the period...; null otherwise.</summary>
    public string? EmptyReason { get; init; }
}

/// <summary>Reuse events from the knowledge of one group (author) by another (reuser).</summary>
public sealed record FlowCell(string Author, string Reuser, double Events);

/// <summary>
/// The knowledge-flow matrix between reporting groups: each group is a department with everything under it
/// (ReportingGroups), so groups nest; only disclosed groups (minimum size and complementary suppression) are
/// rows and columns, the root (the whole company) is not.
/// </summary>
public sealed record FlowView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<string> Groups, IReadOnlyList<FlowCell> Cells)
{
    public double this[string author, string reuser] =>
        Cells.FirstOrDefault(c => c.Author == author && c.Reuser == reuser)?.Events ?? 0;
}

public sealed record BarriersView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<SiloFigures> Silos, int SuppressedSilos,
    ConcentrationFigures Concentration, AnswerFigures Answers, int StaleItems, IReadOnlyList<StaleItem> MostReusedStale)
{
    /// <summary>Every figure is over this one population (ADR 2201); unlinked people have no department, so no silos.</summary>
    [JsonIgnore] public Population Population { get; init; }

    public string People => DashboardFilters.PeopleCode(Population);
}

/// <summary>
/// Group figures for the Departments page and the API: the numbers of <see cref="MetricsQuery"/> and
/// <see cref="BarriersQuery"/> (the same as `analytics metrics`), with the minimum-group-size rule applied.
/// Each view is kept per data version in the <see cref="ReadModelCache"/>.
/// </summary>
public sealed class DepartmentsQuery(AnalyticsDbContext db, MetricsQuery metrics, BarriersQuery barriers, IOptions<PrivacyOptions> options, ReadModelCache cache)
{
    private int MinimumGroupSize => options.Value.MinimumGroupSize;

    public Task<DepartmentsView> DepartmentsAsync(ReportingPeriod period, CancellationToken ct) => DepartmentsAsync(period, Population.Employees, ct);

    public Task<DepartmentsView> DepartmentsAsync(ReportingPeriod period, Population population, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("departments", period, population), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeDepartmentsAsync(period, population, t), ct);

    private async Task<DepartmentsView> ComputeDepartmentsAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        if (population == Population.Unlinked)
        {
            // HR's view only: HR sees every person's figures anyway, so the minimum group size has nothing to protect here.
            var u = await metrics.UnlinkedAsync(period, ct);
            return new DepartmentsView(period, MinimumGroupSize, [])
            {
                Population = population,
                Unlinked = new DepartmentFigures(u.Headcount, u.ActiveContributors, u.ActiveContributorRate, u.Contributions,
                    u.ReuseReceived, u.CrossTeamReuseReceived, u.ReuseRatio),
                EmptyReason = u.Contributions > 0 || u.ReuseReceived > 0 ? null : await ExplainAsync(period, population, ct),
            };
        }

        var (_, departments) = await metrics.ByDepartmentAsync(period, await cache.PeopleAsync(ct), ct);
        var disclosed = MetricsQuery.Disclosed(departments, MinimumGroupSize);
        var parents = await ParentCodesAsync(ct);
        var rows = departments.Select(d =>
        {
            var suppressed = !disclosed.Contains(d.DepartmentId);
            var figures = suppressed ? null : new DepartmentFigures(d.Headcount, d.ActiveContributors, d.ActiveContributorRate,
                d.Contributions, d.ReuseReceived, d.CrossTeamReuseReceived, d.ReuseRatio);
            return new DepartmentRow(d.Code, d.Name, parents.GetValueOrDefault(d.Code), d.Depth, suppressed, figures);
        }).ToList();
        // Department figures need the HR directory: without one the tree is empty, and the page says so and how to load it.
        var noDirectory = departments.Count == 0
            ? $"No HR directory is loaded: department figures and headcounts need one ({EmptyResultReasons.LoadHrDirectory})."
            : null;
        var empty = departments.Count == 0 || departments.All(d => d.Contributions == 0 && d.ReuseReceived == 0)
            ? await ExplainAsync(period, population, ct)
            : null;
        return new DepartmentsView(period, MinimumGroupSize, rows)
        {
            // The reason names the first thing to do (import, aggregate, load the HR directory); without departments it is never silent.
            EmptyReason = empty ?? noDirectory,
        };
    }

    private async Task<string?> ExplainAsync(ReportingPeriod period, Population population, CancellationToken ct) =>
        (await new EmptyResultReasons(db).ExplainAsync(period, population, await cache.PeopleAsync(ct), ct)).Reason;

    public Task<FlowView> FlowAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("flow", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeFlowAsync(period, t), ct);

    private async Task<FlowView> ComputeFlowAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, await cache.PeopleAsync(ct), ct);
        var disclosed = MetricsQuery.Disclosed(departments, MinimumGroupSize);
        var company = MetricsQuery.CompanyGroup(departments);
        var shown = departments.Where(d => d.DepartmentId != company && disclosed.Contains(d.DepartmentId)).ToDictionary(d => d.DepartmentId);
        var cells = (await barriers.GroupFlowsAsync(period, ct))
            .Where(c => c.Value > 0 && shown.ContainsKey(c.Key.Author) && shown.ContainsKey(c.Key.Reuser))
            .Select(c => new FlowCell(shown[c.Key.Author].Code, shown[c.Key.Reuser].Code, Math.Round(c.Value, 4)))
            .ToList();
        var involved = cells.SelectMany(c => new[] { c.Author, c.Reuser }).ToHashSet(StringComparer.Ordinal);
        var groups = departments.Where(d => shown.ContainsKey(d.DepartmentId) && involved.Contains(d.Code)).Select(d => d.Code).ToList();
        return new FlowView(period, MinimumGroupSize, groups, cells);
    }

    public Task<BarriersView> BarriersAsync(ReportingPeriod period, CancellationToken ct) => BarriersAsync(period, Population.Employees, ct);

    public Task<BarriersView> BarriersAsync(ReportingPeriod period, Population population, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("barriers", period, population), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeBarriersAsync(period, population, t), ct);

    private async Task<BarriersView> ComputeBarriersAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        var people = await cache.PeopleAsync(ct);
        var (_, departments) = await metrics.ByDepartmentAsync(period, people, ct);
        var disclosed = MetricsQuery.Disclosed(departments, MinimumGroupSize);
        var found = await barriers.RunAsync(period, population, ct, people: people);
        var silos = found.Departments.Where(s => disclosed.Contains(s.DepartmentId)).ToList();
        return new BarriersView(period, MinimumGroupSize, silos, found.Departments.Count - silos.Count,
            found.Concentration, found.Answers, found.StaleItems, found.MostReusedStale) { Population = population };
    }

    private async Task<Dictionary<string, string?>> ParentCodesAsync(CancellationToken ct) =>
        // Projected in the query: ToDictionaryAsync's selectors run on the loaded entities, whose Parent is not loaded,
        // so selecting d.Parent.Code there gave null for every department (an empty Parent column in departments.xlsx).
        (await db.Departments.AsNoTracking().Select(d => new { d.Code, ParentCode = d.Parent == null ? null : d.Parent.Code }).ToListAsync(ct))
            .ToDictionary(d => d.Code, d => d.ParentCode, StringComparer.Ordinal);
}

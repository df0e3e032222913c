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

public sealed record DepartmentsView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<DepartmentRow> Departments);

/// <summary>Reuse events from the knowledge of one group (author) by another (reuser).</summary>
public sealed record FlowCell(string Author, string Reuser, double Events);

/// <summary>
/// The knowledge-flow matrix between reporting groups. A department under the minimum size is rolled up into
/// its nearest ancestor that is large enough, so the matrix never shows a small group on its own.
/// </summary>
public sealed record FlowView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<string> Groups, IReadOnlyList<FlowCell> Cells)
{
    public double this[string author, string reuser] =>
        Cells.FirstOrDefault(c => c.Author == author && c.Reuser == reuser)?.Events ?? 0;
}

public sealed record BarriersView(ReportingPeriod Period, int MinimumGroupSize, IReadOnlyList<SiloFigures> Silos, int SuppressedSilos,
    ConcentrationFigures Concentration, AnswerFigures Answers, int StaleItems, IReadOnlyList<StaleItem> MostReusedStale);

/// <summary>
/// Group figures for the Departments page and the API: the numbers of <see cref="MetricsQuery"/> and
/// <see cref="BarriersQuery"/> (the same as `analytics metrics`), with the minimum-group-size rule applied.
/// Each view is kept per data version in the <see cref="ReadModelCache"/>.
/// </summary>
public sealed class DepartmentsQuery(AnalyticsDbContext db, MetricsQuery metrics, BarriersQuery barriers, IOptions<PrivacyOptions> options, ReadModelCache cache)
{
    public const string SmallGroups = "Smaller groups";

    private int MinimumGroupSize => options.Value.MinimumGroupSize;

    public Task<DepartmentsView> DepartmentsAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("departments", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeDepartmentsAsync(period, t), ct);

    private async Task<DepartmentsView> ComputeDepartmentsAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, ct);
        var parents = await ParentCodesAsync(ct);
        var rows = departments.Select(d =>
        {
            var suppressed = d.Headcount < MinimumGroupSize;
            var figures = suppressed ? null : new DepartmentFigures(d.Headcount, d.ActiveContributors, d.ActiveContributorRate,
                d.Contributions, d.ReuseReceived, d.CrossTeamReuseReceived, d.ReuseRatio);
            return new DepartmentRow(d.Code, d.Name, parents.GetValueOrDefault(d.Code), d.Depth, suppressed, figures);
        }).ToList();
        return new DepartmentsView(period, MinimumGroupSize, rows);
    }

    public Task<FlowView> FlowAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("flow", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeFlowAsync(period, t), ct);

    private async Task<FlowView> ComputeFlowAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, ct);
        var byId = departments.ToDictionary(d => d.DepartmentId);
        var flows = await db.DailyFlows.AsNoTracking().Where(f => f.Day >= period.From && f.Day <= period.To)
            .GroupBy(f => new { f.AuthorDepartmentId, f.ReuserDepartmentId })
            .Select(g => new { g.Key.AuthorDepartmentId, g.Key.ReuserDepartmentId, Events = g.Sum(f => f.Events) })
            .ToListAsync(ct);

        var cells = new Dictionary<(string, string), double>();
        foreach (var flow in flows)
        {
            var key = (GroupOf(flow.AuthorDepartmentId, byId), GroupOf(flow.ReuserDepartmentId, byId));
            cells[key] = cells.GetValueOrDefault(key) + flow.Events;
        }

        var order = departments.Select(d => d.Code).ToList();
        var groups = cells.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).Distinct()
            .OrderBy(g => g == SmallGroups ? int.MaxValue : order.IndexOf(g)).ToList();
        return new FlowView(period, MinimumGroupSize, groups,
            cells.Where(c => c.Value > 0).Select(c => new FlowCell(c.Key.Item1, c.Key.Item2, Math.Round(c.Value, 4))).ToList());
    }

    public Task<BarriersView> BarriersAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("barriers", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeBarriersAsync(period, t), ct);

    private async Task<BarriersView> ComputeBarriersAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, ct);
        var large = departments.Where(d => d.Headcount >= MinimumGroupSize).Select(d => d.DepartmentId).ToHashSet();
        var found = await barriers.RunAsync(period, ct);
        var silos = found.Departments.Where(s => large.Contains(s.DepartmentId)).ToList();
        return new BarriersView(period, MinimumGroupSize, silos, found.Departments.Count - silos.Count,
            found.Concentration, found.Answers, found.StaleItems, found.MostReusedStale);
    }

    // Walks up the materialised path to the nearest group with enough people.
    private string GroupOf(int departmentId, Dictionary<int, DepartmentMetrics> byId)
    {
        if (!byId.TryGetValue(departmentId, out var department))
            return SmallGroups;
        var path = department.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).Reverse();
        foreach (var id in path)
        {
            if (byId.TryGetValue(id, out var candidate) && candidate.Headcount >= MinimumGroupSize)
                return candidate.Code;
        }

        return SmallGroups;
    }

    private async Task<Dictionary<string, string?>> ParentCodesAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Parent == null ? null : d.Parent.Code, ct);
}

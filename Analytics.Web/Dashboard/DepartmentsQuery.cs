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
    ConcentrationFigures Concentration, AnswerFigures Answers, int StaleItems, IReadOnlyList<StaleItem> MostReusedStale);

/// <summary>
/// Group figures for the Departments page and the API: the numbers of <see cref="MetricsQuery"/> and
/// <see cref="BarriersQuery"/> (the same as `analytics metrics`), with the minimum-group-size rule applied.
/// Each view is kept per data version in the <see cref="ReadModelCache"/>.
/// </summary>
public sealed class DepartmentsQuery(AnalyticsDbContext db, MetricsQuery metrics, BarriersQuery barriers, IOptions<PrivacyOptions> options, ReadModelCache cache)
{
    private int MinimumGroupSize => options.Value.MinimumGroupSize;

    public Task<DepartmentsView> DepartmentsAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("departments", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeDepartmentsAsync(period, t), ct);

    private async Task<DepartmentsView> ComputeDepartmentsAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, ct);
        var disclosed = MetricsQuery.Disclosed(departments, MinimumGroupSize);
        var parents = await ParentCodesAsync(ct);
        var rows = departments.Select(d =>
        {
            var suppressed = !disclosed.Contains(d.DepartmentId);
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

    public Task<BarriersView> BarriersAsync(ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("barriers", period), (services, t) => services.GetRequiredService<DepartmentsQuery>().ComputeBarriersAsync(period, t), ct);

    private async Task<BarriersView> ComputeBarriersAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (_, departments) = await metrics.ByDepartmentAsync(period, ct);
        var disclosed = MetricsQuery.Disclosed(departments, MinimumGroupSize);
        var found = await barriers.RunAsync(period, ct);
        var silos = found.Departments.Where(s => disclosed.Contains(s.DepartmentId)).ToList();
        return new BarriersView(period, MinimumGroupSize, silos, found.Departments.Count - silos.Count,
            found.Concentration, found.Answers, found.StaleItems, found.MostReusedStale);
    }

    private async Task<Dictionary<string, string?>> ParentCodesAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Parent == null ? null : d.Parent.Code, ct);
}

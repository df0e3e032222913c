using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Topics;
using Analytics.Web.Access;
using Analytics.Web.Caching;
using Analytics.Web.Overview;
using Analytics.Web.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Dashboard;

/// <summary>A department as a link target: its id (the page's URL), code and name.</summary>
public sealed record DepartmentRef(int Id, string Code, string Name)
{
    public string PagePath(ReportingPeriod period) => DrillDownLinks.Department(Id, period);
}

/// <summary>One month of a department's trend; null figures when the group rule hides the department that month.</summary>
/// <summary>
/// One month of a department's trend: <see cref="Figures"/> null under the group rule; <see cref="BeforeData"/> when the
/// month ended before the first aggregated day (no figures exist: "no data", never zeros).
/// </summary>
public sealed record DepartmentMonth(DateOnly Month, DepartmentFigures? Figures, bool BeforeData = false);

/// <summary>One topic the department produces: contributions on it over the expertise window, by how many of its people.</summary>
public sealed record DepartmentTopic(string Topic, double Contributions, int People);

/// <summary>Reuse between this department and another (both groups shown), in one direction.</summary>
public sealed record FlowLink(DepartmentRef Other, double Events);

/// <summary>One person of the department in the period, for HR and the department's own manager only.</summary>
public sealed record DepartmentPerson(int PersonId, string Name, string? Department, int Contributions, double ReuseReceived, double Points);

/// <summary>
/// Everything behind one row of the Departments page (issue 21, ADR 2111): the row itself, the previous period's,
/// the 12-month trend, its sub-departments, its topics, its knowledge flow in and out. Group figures only: the people
/// list is per viewer and added by the page.
/// </summary>
public sealed record DepartmentPageView(
    DepartmentRef Department, DepartmentRef? Parent, ReportingPeriod Period, ReportingPeriod PreviousPeriod, int MinimumGroupSize,
    DepartmentRow Row, DepartmentRow? Previous, IReadOnlyList<DepartmentMonth> Trend, IReadOnlyList<(DepartmentRef Ref, DepartmentRow Row)> Children,
    IReadOnlyList<DepartmentTopic> Topics, int TopicsNotShown, DateOnly TopicsFrom, DateOnly TopicsTo,
    IReadOnlyList<FlowLink> ReusedBy, IReadOnlyList<FlowLink> Reuses, bool InFlow)
{
    public bool Suppressed => Row.Suppressed;
}

/// <summary>One item of the author group reused by the reuser group in the period.</summary>
public sealed record FlowItem(long ItemId, string Title, string? Url, string Kind, string? Topic, double Reuse);

/// <summary>
/// The items behind one knowledge-flow cell; <see cref="Shown"/> is false when the pair is not a cell of the matrix
/// (a group under the group rule, or the company), and then there are no items.
/// </summary>
public sealed record FlowItemsView(ReportingPeriod Period, int MinimumGroupSize, DepartmentRef From, DepartmentRef To, bool Shown, IReadOnlyList<FlowItem> Items)
{
    public double Total => Items.Sum(i => i.Reuse);
}

/// <summary>The addresses of the drill-down pages, built in one place so every link carries the same state.</summary>
public static class DrillDownLinks
{
    public static string Department(int id, ReportingPeriod period) =>
        string.Create(CultureInfo.InvariantCulture, $"/Departments/{id}?period={Uri.EscapeDataString(period.Label)}");

    public static string Flow(string fromCode, string toCode, ReportingPeriod period) =>
        $"/Departments/Flow?from={Uri.EscapeDataString(fromCode)}&to={Uri.EscapeDataString(toCode)}&period={Uri.EscapeDataString(period.Label)}";

    /// <summary>A month as a period, for the trend tables' month links.</summary>
    public static string MonthLabel(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>
/// The department page and the flow items: the figures come from <see cref="DepartmentsQuery"/> (the Departments page's,
/// under the same group rule), the topics from the <see cref="ExpertiseIndex"/> (the Topic page's), the flow items from
/// the raw activity credited exactly as the aggregation credits it (<see cref="DayAggregate"/>), so an item list adds up
/// to its cell.
/// </summary>
public sealed class DrillDownQuery(
    AnalyticsDbContext db, DepartmentsQuery departments, MetricsQuery metrics, ExpertiseReadModel expertise, ReadModelCache cache,
    CurrentViewer viewer, IOptions<PrivacyOptions> options)
{
    private int MinimumGroupSize => options.Value.MinimumGroupSize;

    public async Task<IReadOnlyDictionary<string, DepartmentRef>> RefsAsync(CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Select(d => new DepartmentRef(d.Id, d.Code, d.Name)).ToListAsync(ct))
            .ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <summary>The department's page, or null when no department has this id.</summary>
    public async Task<DepartmentPageView?> DepartmentAsync(int id, ReportingPeriod period, CancellationToken ct)
    {
        var refs = await RefsAsync(ct);
        if (refs.Values.FirstOrDefault(d => d.Id == id) is not { } department)
            return null;
        var view = await departments.DepartmentsAsync(period, ct);
        var rows = view.Departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var row = rows[department.Code];
        var previousPeriod = OverviewQuery.PreviousOf(period);
        var previous = (await departments.DepartmentsAsync(previousPeriod, ct)).Departments.FirstOrDefault(d => d.Code == department.Code);

        var trend = new List<DepartmentMonth>();
        var last = new DateOnly(period.To.Year, period.To.Month, 1);
        var begins = await MetricsQuery.DataBeginsAsync(db, ct);
        for (var month = last.AddMonths(1 - OverviewQuery.TrendMonths); month <= last; month = month.AddMonths(1))
        {
            if (begins is not { } first || month.AddMonths(1) <= first)
            {
                trend.Add(new DepartmentMonth(month, null, BeforeData: true));
                continue;
            }

            var monthView = await departments.DepartmentsAsync(ReportingPeriod.Month(month.Year, month.Month), ct);
            trend.Add(new DepartmentMonth(month, monthView.Departments.FirstOrDefault(d => d.Code == department.Code)?.Figures));
        }

        var children = view.Departments.Where(d => d.ParentCode == department.Code && refs.ContainsKey(d.Code))
            .Select(d => (refs[d.Code], d)).ToList();
        var parent = row.ParentCode is { } p && refs.TryGetValue(p, out var parentRef) ? parentRef : null;

        // Knowledge flow: the matrix's own cells (disclosed groups, not the company), reuse within the department left out.
        var tree = await DepartmentTree.LoadAsync(db, ct);
        var flow = await departments.FlowAsync(period, ct);
        var inFlow = !row.Suppressed && !(row.Depth == 0 && view.Departments.Count(d => d.Depth == 0) == 1);
        var reusedBy = flow.Cells.Where(c => c.Author == department.Code && !FlowPicture.Nested(c.Author, c.Reuser, tree.Parents))
            .OrderByDescending(c => c.Events).ThenBy(c => c.Reuser, StringComparer.Ordinal)
            .Select(c => new FlowLink(refs[c.Reuser], c.Events)).ToList();
        var reuses = flow.Cells.Where(c => c.Reuser == department.Code && !FlowPicture.Nested(c.Author, c.Reuser, tree.Parents))
            .OrderByDescending(c => c.Events).ThenBy(c => c.Author, StringComparer.Ordinal)
            .Select(c => new FlowLink(refs[c.Author], c.Events)).ToList();

        var (topics, notShown, index) = row.Suppressed ? ([], 0, null) : await TopicsAsync(department.Id, ct);
        return new DepartmentPageView(department, parent, period, previousPeriod, MinimumGroupSize, row, previous, trend, children,
            topics, notShown, index?.From ?? period.From, index?.To ?? period.To, reusedBy, reuses, inFlow);
    }

    /// <summary>
    /// The department's topics over the expertise window. The index tallies each topic by the department a contributor
    /// sat in; the Topic page shows such a tally only when at least the minimum number of people made it (ADR 1703).
    /// A group's figure is the sum of its departments' tallies, so it is shown only when every tally in it is shown
    /// there: otherwise the group's figure minus the shown tallies would be a hidden one (a head of department's own).
    /// </summary>
    private async Task<(IReadOnlyList<DepartmentTopic> Topics, int NotShown, ExpertiseIndex Index)> TopicsAsync(int departmentId, CancellationToken ct)
    {
        var subtree = await SubtreeAsync(departmentId, ct);
        var index = await expertise.CurrentAsync(ct);
        var shown = new List<DepartmentTopic>();
        var notShown = 0;
        foreach (var topic in index.Topics.Values)
        {
            var parts = topic.Producing.Where(t => subtree.Contains(t.Key) && t.Value.People.Count > 0).Select(t => t.Value).ToList();
            if (parts.Count == 0)
                continue;
            if (parts.Any(t => t.People.Count < MinimumGroupSize))
            {
                notShown++;
                continue;
            }

            shown.Add(new DepartmentTopic(topic.Key, parts.Sum(t => t.Events), parts.SelectMany(t => t.People).Distinct().Count()));
        }

        return ([.. shown.OrderByDescending(t => t.Contributions).ThenBy(t => t.Topic, StringComparer.Ordinal).Take(MaxTopics)], notShown, index);
    }

    public const int MaxTopics = 15;

    private async Task<HashSet<int>> SubtreeAsync(int departmentId, CancellationToken ct)
    {
        var all = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Path }).ToListAsync(ct);
        return all.Where(d => ReportingGroups.Of(d.Path).Contains(departmentId)).Select(d => d.Id).ToHashSet();
    }

    /// <summary>
    /// The department's people in the period (everyone counted in its headcount) with their figures, for HR and for a
    /// manager whose reporting line holds every one of them (ADR 1621: individual data of one's own line only); null for
    /// everyone else, who sees group figures only. A manager's line that covers part of a department sees none of it.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentPerson>?> PeopleAsync(DepartmentRef department, ReportingPeriod period, CancellationToken ct)
    {
        if (!viewer.IsHR && !viewer.IsManager)
            return null;
        var subtree = await SubtreeAsync(department.Id, ct);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var members = people.All.Where(p => p.CountsInGroups && MetricsQuery.DepartmentsDuring(p, period).Any(subtree.Contains)).ToList();
        if (!viewer.IsHR)
        {
            var line = await viewer.LineAsync(ct);
            if (members.Count == 0 || !members.All(m => m.EmployeeId == viewer.EmployeeId || line.Contains(m.EmployeeId!.Value)))
                return null;
        }

        var figures = (await metrics.ByPersonAsync(period, Population.Employees, ct)).ToDictionary(m => m.PersonId);
        var codes = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, ct);
        return members.Select(m =>
            {
                var f = figures.GetValueOrDefault(m.PersonId);
                var at = m.DepartmentAtEndOf(period.From, period.To);
                return new DepartmentPerson(m.PersonId, m.DisplayName, at is { } d ? codes.GetValueOrDefault(d) : null,
                    f?.Contributions ?? 0, f?.ReuseReceived ?? 0, f?.Points ?? 0);
            })
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PersonId).ToList();
    }

    /// <summary>The items of one group reused by another in the period; kept per data version like the matrix.</summary>
    public async Task<FlowItemsView?> FlowItemsAsync(string fromCode, string toCode, ReportingPeriod period, CancellationToken ct)
    {
        var refs = await RefsAsync(ct);
        if (!refs.TryGetValue(fromCode, out var from) || !refs.TryGetValue(toCode, out var to))
            return null;
        return await cache.GetAsync(OverviewQuery.CacheKey($"flow-items:{from.Id.ToString(CultureInfo.InvariantCulture)}:{to.Id.ToString(CultureInfo.InvariantCulture)}", period),
            (services, t) => services.GetRequiredService<DrillDownQuery>().ComputeFlowItemsAsync(from, to, period, t), ct);
    }

    private async Task<FlowItemsView> ComputeFlowItemsAsync(DepartmentRef from, DepartmentRef to, ReportingPeriod period, CancellationToken ct)
    {
        // The pair must be a cell of the matrix: both groups shown under the group rule and neither the company
        // (FlowView's own rule), so an item list never tells more than the cell it explains.
        var view = await departments.DepartmentsAsync(period, ct);
        var roots = view.Departments.Count(d => d.Depth == 0);
        bool Shown(DepartmentRef d) => view.Departments.FirstOrDefault(r => r.Code == d.Code) is { Suppressed: false } row && !(row.Depth == 0 && roots == 1);
        if (!Shown(from) || !Shown(to))
            return new FlowItemsView(period, MinimumGroupSize, from, to, false, []);

        var fromTree = await SubtreeAsync(from.Id, ct);
        var toTree = await SubtreeAsync(to.Id, ct);
        var people = await cache.PeopleAsync(ct);
        var reuseTypes = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var facts = await Aggregator.FactsBetween(db, period.From.ToDateTime(TimeOnly.MinValue), period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), reuseTypes)
            .ToListAsync(ct);
        var itemOf = facts.Where(f => f.ItemId is not null).ToDictionary(f => f.ActivityId, f => f.ItemId!.Value);
        var reuse = new Dictionary<long, double>();
        // Credited day by day as the aggregation does (a view once per viewer, item and day; no self-reuse; no bots).
        foreach (var day in facts.GroupBy(f => Analytics.Domain.Aggregation.DirtyDays.DayOf(f.OccurredAt)))
        {
            foreach (var e in DayAggregate.Compute(day.Key, day, people).Events)
            {
                if (e.DepartmentId is { } author && fromTree.Contains(author) && e.ReuserDepartmentId is { } reuser && toTree.Contains(reuser)
                    && itemOf.TryGetValue(e.ActivityId, out var item))
                    reuse[item] = reuse.GetValueOrDefault(item) + e.Units;
            }
        }

        var rules = await TopicRuleSet.LoadAsync(db, ct);
        var items = new List<FlowItem>(reuse.Count);
        foreach (var chunk in reuse.Keys.Chunk(1000))
        {
            var details = await db.KnowledgeItems.AsNoTracking().Where(i => chunk.Contains(i.Id))
                .Select(i => new { i.Id, i.Title, i.ExternalId, i.Url, i.Kind, i.Topics }).ToListAsync(ct);
            items.AddRange(details.Select(d => new FlowItem(d.Id, d.Title ?? d.ExternalId, d.Url, d.Kind,
                rules.TopicsOf(d.Topics) is { Count: > 0 } topics ? string.Join(", ", topics) : null, Math.Round(reuse[d.Id], 4))));
        }

        return new FlowItemsView(period, MinimumGroupSize, from, to, true,
            [.. items.OrderByDescending(i => i.Reuse).ThenBy(i => i.ItemId)]);
    }
}

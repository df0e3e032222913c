using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Communities;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Metrics;

/// <summary>One month of the company's indicators; <see cref="Covered"/> false (values all null) before the data begins.</summary>
public sealed record PracticeMonth(DateOnly Month, bool Covered, IReadOnlyDictionary<string, double?> Values);

/// <summary>A department of the comparison; <see cref="Values"/> is empty when its figures are suppressed (<see cref="Note"/> says why).</summary>
public sealed record PracticeDepartment(int DepartmentId, string Code, string Name, int Headcount, bool Shown, string? Note,
    IReadOnlyDictionary<string, double?> Values);

/// <summary>
/// The practices scorecard of one month (issue 18): the company's indicators now, a month before and a year before (null
/// where the data does not cover that month from its first day: n/a, never 0), the 12 months up to it, and the departments
/// just below the company side by side.
/// </summary>
public sealed record PracticesScorecard(
    ReportingPeriod Month, DateOnly? DataBegins, int MinimumGroupSize,
    IReadOnlyDictionary<string, double?> Current,
    IReadOnlyDictionary<string, double?>? Previous,
    IReadOnlyDictionary<string, double?>? YearBefore,
    IReadOnlyList<PracticeMonth> Trend,
    IReadOnlyList<PracticeDepartment> Departments)
{
    public ReportingPeriod PreviousMonth => MonthOf(Month.From.AddMonths(-1));
    public ReportingPeriod YearBeforeMonth => MonthOf(Month.From.AddMonths(-12));

    public bool HasData => Trend.Any(m => m.Covered);

    public static ReportingPeriod MonthOf(DateOnly day) => ReportingPeriod.Month(day.Year, day.Month);

    public static bool IsMonth(ReportingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return period.From.Day == 1 && period.From.AddMonths(1).AddDays(-1) == period.To;
    }
}

/// <summary>
/// Computes <see cref="PracticesScorecard"/> from the daily aggregates (one grouped read of the 13 months from a year
/// before to the month), the daily flows, the approved awards and, for the three compared months only, the stale items of
/// <see cref="BarriersQuery"/>. Group membership and headcount follow <see cref="MetricsQuery.ByDepartmentAsync(ReportingPeriod, CancellationToken)"/> exactly
/// (a person counts in every department on their path; bots and unlinked people never), so the active-contributor rate
/// here is the Departments page's; indicator values come from <see cref="PracticeCatalog.Compute"/> alone. The communities
/// indicator reads <see cref="CommunityHealthQuery"/>, the Communities page's query, for the 12 months and the year before.
/// </summary>
public sealed class PracticesQuery(AnalyticsDbContext db, BarriersQuery barriers, CommunityHealthQuery communities)
{
    public const int TrendMonths = 12;
    private const int Company = 0;

    // A month of the monthly roll-up, about 60,000 rows a month on the 5M benchmark database: read as narrow rows (ADR 2301).
    private string MonthRowsSql => $"SELECT [PersonId], [Type], [DepartmentId], [Count], [Quantity], [CrossTeam] FROM {db.SchemaPrefix}[MonthlyPersonMetrics] "
        + "WHERE [Month] = {0} AND [DepartmentId] IS NOT NULL";

    private sealed record Row(int PersonId, ActivityType Type, int DepartmentId, int Year, int Month, int Count, double Quantity, double CrossTeam);

    /// <summary>
    /// Read the day rows grouped by month instead of the monthly roll-ups: the reference the roll-ups are checked
    /// against (MonthlyRollupTests), not for pages.
    /// </summary>
    public bool ReadsDayRows { get; init; }

    /// <summary>The same query on another context (a concurrent reader, ADR 1864).</summary>
    public PracticesQuery On(AnalyticsDbContext other) => new(other, barriers.On(other), communities.On(other)) { ReadsDayRows = ReadsDayRows };

    /// <summary>
    /// The scorecard of <paramref name="month"/>. <paramref name="stale"/>: the month's stale items when the caller has them
    /// already (the monthly report, for its Barriers sheet); used only when they are of this month and the employees.
    /// </summary>
    public async Task<PracticesScorecard> RunAsync(ReportingPeriod month, int minimumGroupSize, CancellationToken ct, StaleItems? stale = null)
    {
        ArgumentNullException.ThrowIfNull(month);
        if (!PracticesScorecard.IsMonth(month))
            throw new ArgumentException($"The practices scorecard is of one calendar month, not {month.Label}.", nameof(month));

        var first = month.From.AddMonths(-12);
        var end = month.To;
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Path).ToListAsync(ct);
        var ancestors = departments.ToDictionary(d => d.Id, d => ReportingGroups.Of(d.Path));
        var dataBegins = await MetricsQuery.DataBeginsAsync(db, ct);

        // The 13 months are whole months: read from the monthly roll-ups (ADR 2011), one row per person, type,
        // department and month, the sums the day rows grouped by month give. A month at a time, by a range of the
        // indexed month or day column: grouping 13 months by the year and month of each row (strftime per row in SQLite)
        // cost 4 CPU s of the report on the 5M benchmark database (ADR 1863).
        var months = Enumerable.Range(0, 13).Select(i => first.AddMonths(i)).ToList();
        var rowList = new List<Row>();
        var flowList = new List<(int Year, int Month, int AuthorDepartmentId, int ReuserDepartmentId)>();
        foreach (var m in months)
        {
            var (last, year, number) = (m.AddMonths(1).AddDays(-1), m.Year, m.Month);
            rowList.AddRange(ReadsDayRows
                ? await db.DailyPersonMetrics.AsNoTracking()
                    .Where(d => d.Day >= m && d.Day <= last && d.DepartmentId != null)
                    .GroupBy(d => new { d.PersonId, d.Type, d.DepartmentId })
                    .Select(g => new Row(g.Key.PersonId, g.Key.Type, g.Key.DepartmentId!.Value, year, number,
                        g.Sum(d => d.Count), g.Sum(d => d.Quantity), g.Sum(d => d.CrossTeam)))
                    .ToListAsync(ct)
                : await NarrowRows.ReadAsync(db, MonthRowsSql,
                        [m], r => new Row(r.GetInt32(0), (ActivityType)r.GetInt32(1), r.GetInt32(2), year, number, r.GetInt32(3), r.GetDouble(4), r.GetDouble(5)), ct)
                    .ToListAsync(ct));
            flowList.AddRange((await DepartmentFlows.SumAsync(db, m, last, ct))
                .Where(f => f.Events > 0)
                .Select(f => (year, number, f.Author, f.Reuser)));
        }

        var rows = rowList.Where(r => people.Find(r.PersonId)?.CountsInGroups == true).ToLookup(r => (r.Year, r.Month));
        var flows = flowList.ToLookup(f => (f.Year, f.Month), f => (f.AuthorDepartmentId, f.ReuserDepartmentId));
        var awards = await ApprovedAwardsAsync(first, end, ct);
        var byEmployee = people.All.Where(p => p.EmployeeId is not null).GroupBy(p => p.EmployeeId!.Value).ToDictionary(g => g.Key, g => g.First());

        // Which groups show figures: the month's headcounts under the pages' rule (ADR 1620).
        var current = Accumulate(month, rows, people, departments, ancestors, awards, byEmployee);
        var disclosed = ReportingGroups.Disclosed(
            departments.Select(d => new GroupSize(d.Id, ReportingGroups.ParentOf(d.Path), current.GetValueOrDefault(d.Id)?.Members.Count ?? 0)).ToList(),
            minimumGroupSize);
        var roots = departments.Where(d => d.Depth == 0).ToList();
        var compared = (roots.Count == 1 ? departments.Where(d => d.ParentId == roots[0].Id) : roots).ToList();
        var breadthGroups = compared.Where(d => disclosed.Contains(d.Id)).Select(d => d.Id).ToList();
        var comparedOf = departments.ToDictionary(d => d.Id, d => ancestors[d.Id].Cast<int?>().FirstOrDefault(a => a is { } id && breadthGroups.Contains(id)));

        IReadOnlyDictionary<int, double?> BreadthOf(ReportingPeriod m) => PracticeCatalog.Breadth(breadthGroups,
            flows[(m.From.Year, m.From.Month)]
                .Select(f => (comparedOf.GetValueOrDefault(f.AuthorDepartmentId), comparedOf.GetValueOrDefault(f.ReuserDepartmentId)))
                .Where(f => f.Item1 is not null && f.Item2 is not null)
                .Select(f => (f.Item1!.Value, f.Item2!.Value)));

        async Task<IReadOnlyDictionary<int, int>> StaleAsync(ReportingPeriod m, IReadOnlyDictionary<int, Accumulator> groups)
        {
            var items = stale is not null && stale.Period == m && stale.Population == Population.Employees
                ? stale
                : await barriers.StaleItemsAsync(m, people, Population.Employees, ct);
            var counts = new Dictionary<int, int> { [Company] = items.Items.Count };
            foreach (var author in items.Items.Select(s => s.Author))
            {
                if (people.Find(author)?.DepartmentAtEndOf(m.From, m.To) is not { } department)
                    continue;
                foreach (var a in ancestors.GetValueOrDefault(department, [department]))
                    counts[a] = counts.GetValueOrDefault(a) + 1;
            }

            return counts;
        }

        bool IsCovered(ReportingPeriod m) => dataBegins is { } begins && begins <= m.From;

        // The members of the communities shown on the Communities page, month by month (ADR 1833): the 12 months up to the
        // month, and the year before's month, which lies outside that window.
        var yearBeforeOfMonth = PracticesScorecard.MonthOf(month.From.AddMonths(-12));
        var communityMembers = new Dictionary<DateOnly, IReadOnlySet<int>?>();
        foreach (var window in new[] { month, yearBeforeOfMonth }.Where(IsCovered))
        {
            if (await communities.DisclosedMembersAsync(window, minimumGroupSize, ct) is { } byMonth)
                foreach (var (m, members) in byMonth)
                    communityMembers.TryAdd(m, members);
        }

        async Task<IReadOnlyDictionary<int, IReadOnlyDictionary<string, double?>>> ValuesAsync(ReportingPeriod m, bool withStale)
        {
            var groups = m == month ? current : Accumulate(m, rows, people, departments, ancestors, awards, byEmployee);
            var breadth = BreadthOf(m);
            var staleCounts = withStale ? await StaleAsync(m, groups) : null;
            var inCommunities = communityMembers.GetValueOrDefault(m.From);
            return groups.ToDictionary(g => g.Key, g => PracticeCatalog.Compute(g.Value.ToInputs(
                staleCounts is null ? null : staleCounts.GetValueOrDefault(g.Key),
                g.Key == Company ? CompanyBreadth(breadth) : breadth.GetValueOrDefault(g.Key),
                inCommunities is null ? null : g.Value.Members.Count(inCommunities.Contains))));
        }

        var now = await ValuesAsync(month, withStale: true);
        var previousMonth = PracticesScorecard.MonthOf(month.From.AddMonths(-1));
        var yearBeforeMonth = PracticesScorecard.MonthOf(month.From.AddMonths(-12));
        var previous = IsCovered(previousMonth) ? (await ValuesAsync(previousMonth, withStale: true))[Company] : null;
        var yearBefore = IsCovered(yearBeforeMonth) ? (await ValuesAsync(yearBeforeMonth, withStale: true))[Company] : null;

        var trend = new List<PracticeMonth>();
        for (var i = TrendMonths - 1; i >= 0; i--)
        {
            var m = PracticesScorecard.MonthOf(month.From.AddMonths(-i));
            trend.Add(!IsCovered(m)
                ? new PracticeMonth(m.From, false, PracticeCatalog.Indicators.ToDictionary(x => x.Code, _ => (double?)null))
                : new PracticeMonth(m.From, true, m == month ? now[Company] : (await ValuesAsync(m, withStale: false))[Company]));
        }

        var rowsOfDepartments = compared.Select(d =>
        {
            var headcount = current.GetValueOrDefault(d.Id)?.Members.Count ?? 0;
            return disclosed.Contains(d.Id)
                ? new PracticeDepartment(d.Id, d.Code, d.Name, headcount, true, null, now.GetValueOrDefault(d.Id) ?? PracticeCatalog.Compute(PracticeInputs.Empty))
                : new PracticeDepartment(d.Id, d.Code, d.Name, headcount, false, headcount < minimumGroupSize
                    ? string.Create(CultureInfo.InvariantCulture, $"not shown: fewer than {minimumGroupSize} people")
                    : "not shown: its figures would reveal a smaller group by subtraction", new Dictionary<string, double?>());
        }).ToList();

        return new PracticesScorecard(month, dataBegins, minimumGroupSize, now[Company], previous, yearBefore, trend, rowsOfDepartments);
    }

    // The company's breadth is the share of pairs of compared departments that exchanged knowledge: the mean of theirs.
    private static double? CompanyBreadth(IReadOnlyDictionary<int, double?> breadth) =>
        breadth.Count < 2 ? null : breadth.Values.Average(v => v ?? 0);

    private async Task<List<(int EmployeeId, DateOnly Day)>> ApprovedAwardsAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        // Awards count in the month they were approved (DecidedAt), as on the report's Recognition sheet.
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var awards = await db.RecognitionAwards.AsNoTracking()
            .Where(a => a.Status == AwardStatus.Approved)
            .Select(a => new { a.RecipientId, a.DecidedAt, a.CreatedAt })
            .ToListAsync(ct);
        return awards.Select(a => (a.RecipientId, At: a.DecidedAt ?? a.CreatedAt))
            .Where(a => a.At >= from && a.At < to)
            .Select(a => (a.RecipientId, DateOnly.FromDateTime(a.At.UtcDateTime)))
            .ToList();
    }

    /// <summary>Every group's inputs for one month: the company (key 0) and each department with everything under it.</summary>
    private static Dictionary<int, Accumulator> Accumulate(ReportingPeriod month, ILookup<(int, int), Row> rows, PeopleDirectory people,
        IReadOnlyList<Domain.Organisation.Department> departments, IReadOnlyDictionary<int, int[]> ancestors,
        IReadOnlyList<(int EmployeeId, DateOnly Day)> awards, IReadOnlyDictionary<int, PersonProfile> byEmployee)
    {
        var groups = departments.ToDictionary(d => d.Id, _ => new Accumulator());
        groups[Company] = new Accumulator();
        IEnumerable<Accumulator> GroupsOf(int department) =>
            [groups[Company], .. ancestors.GetValueOrDefault(department, [department]).Select(a => groups.GetValueOrDefault(a)).OfType<Accumulator>()];

        foreach (var person in people.All.Where(p => p.CountsInGroups))
        {
            foreach (var department in MetricsQuery.DepartmentsDuring(person, month))
                foreach (var g in GroupsOf(department))
                    g.Members.Add(person.PersonId);
        }

        foreach (var row in rows[(month.From.Year, month.From.Month)])
            foreach (var g in GroupsOf(row.DepartmentId))
                g.Add(row);

        foreach (var (employeeId, day) in awards.Where(a => a.Day >= month.From && a.Day <= month.To))
        {
            if (byEmployee.GetValueOrDefault(employeeId) is not { CountsInGroups: true } person || person.DepartmentOn(day) is not { } department)
                continue;
            foreach (var g in GroupsOf(department))
                g.Recognised.Add(person.PersonId);
        }

        return groups;
    }

    private sealed class Accumulator
    {
        public HashSet<int> Members { get; } = [];
        public HashSet<int> Recognised { get; } = [];
        private readonly HashSet<int> _active = [];
        private readonly HashSet<int> _reflecting = [];
        private readonly HashSet<int> _reusedAcross = [];
        private readonly HashSet<int> _learning = [];
        private int _contributions;
        private int _presented;
        private int _attended;
        private double _reuse;
        private double _crossTeam;
        private double _learningHours;
        private double _mentoringHours;

        public void Add(Row row)
        {
            if (row.Type.IsContribution())
            {
                _contributions += row.Count;
                _active.Add(row.PersonId);
            }

            if (row.Type.IsReuse())
            {
                _reuse += row.Quantity;
                _crossTeam += row.CrossTeam;
                if (row.CrossTeam > 0)
                    _reusedAcross.Add(row.PersonId);
            }

            switch (row.Type)
            {
                case ActivityType.Presented:
                    _presented += row.Count;
                    _reflecting.Add(row.PersonId);
                    break;
                case ActivityType.Attended:
                    _attended += row.Count;
                    _reflecting.Add(row.PersonId);
                    _learning.Add(row.PersonId);
                    break;
                case ActivityType.Completed:
                    _learningHours += row.Quantity;
                    _learning.Add(row.PersonId);
                    break;
                case ActivityType.Mentored:
                    _mentoringHours += row.Quantity;
                    break;
            }
        }

        public PracticeInputs ToInputs(int? staleItems, double? flowBreadth, int? peopleInCommunities) => new(
            Members.Count, _active.Count, _contributions, _reuse, _crossTeam, Recognised.Count, staleItems,
            _presented, _attended, _reflecting.Count, flowBreadth, _reusedAcross.Count, _learning.Count, _learningHours, _mentoringHours,
            peopleInCommunities);
    }
}

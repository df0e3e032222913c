using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Metrics;

public sealed record DepartmentMetrics(
    int DepartmentId, string Code, string Name, string Path, int Depth,
    int Headcount, int ActiveContributors, double? ActiveContributorRate,
    int Contributions, double ReuseReceived, double CrossTeamReuseReceived, double? ReuseRatio,
    int Completions, double MentoringHours);

public sealed record PersonMetrics(
    int PersonId, string Name, string? Department, bool CountsInGroups,
    int Contributions, double ReuseReceived, double CrossTeamReuseReceived, double? ReuseRatio,
    double Points, int Completions, double MentoringHours);

/// <summary>One person's month summed (<see cref="MetricsQuery.RollupSumsByPersonAndMonthAsync"/>): contribution rows, and the company line's sums.</summary>
public sealed record PersonMonthSums(DateOnly Month, int PersonId, int ContributionRows, int Contributions, double Reuse, double CrossTeam,
    int Completions, double MentoringHours);

public sealed record CompanyMetrics(int Headcount, int ActiveContributors, double? ActiveContributorRate, int Contributions,
    double ReuseReceived, double CrossTeamReuseReceived, double? ReuseRatio, int Completions, double MentoringHours);

/// <summary>
/// The metrics of product.md over a period, by department subtree (a department's figures include its
/// sub-departments) or by person. Read from the daily aggregates, so cost follows the period, not the history.
/// </summary>
public sealed class MetricsQuery(AnalyticsDbContext db)
{
    private sealed record Row(int PersonId, ActivityType Type, int? DepartmentId, int Count, double Quantity, double CrossTeam);

    private bool _dayRowsOnly;

    /// <summary>
    /// A query that reads the day rows for every period, never the monthly roll-ups: the reference the roll-ups are
    /// checked against (MonthlyRollupTests), not for pages.
    /// </summary>
    public static MetricsQuery FromDayRows(AnalyticsDbContext db) => new(db) { _dayRowsOnly = true };

    public async Task<(CompanyMetrics Company, IReadOnlyList<DepartmentMetrics> Departments)> ByDepartmentAsync(ReportingPeriod period, CancellationToken ct) =>
        await ByDepartmentAsync(period, await PeopleDirectoryLoader.LoadAsync(db, ct), ct);

    /// <summary>The figures of <see cref="ByDepartmentAsync(ReportingPeriod, CancellationToken)"/> with a people directory the caller loaded.</summary>
    public async Task<(CompanyMetrics Company, IReadOnlyList<DepartmentMetrics> Departments)> ByDepartmentAsync(
        ReportingPeriod period, PeopleDirectory people, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(people);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Path).ToListAsync(ct);
        var rows = (await LoadGroupSumsAsync(period, ct)).Where(r => people.Find(r.PersonId)?.CountsInGroups == true).ToList();
        // Group membership: a person counts in every department on their department's path (ReportingGroups).
        var ancestors = departments.ToDictionary(d => d.Id, d => ReportingGroups.Of(d.Path));

        // Headcount: everyone employed in the group on at least one day of the period.
        var members = departments.ToDictionary(d => d.Id, _ => new HashSet<int>());
        var companyMembers = new HashSet<int>();
        foreach (var person in people.All.Where(p => p.CountsInGroups))
        {
            foreach (var departmentId in DepartmentsDuring(person, period))
            {
                companyMembers.Add(person.PersonId);
                foreach (var a in ancestors.GetValueOrDefault(departmentId, [departmentId]))
                    members.GetValueOrDefault(a)?.Add(person.PersonId);
            }
        }

        var active = departments.ToDictionary(d => d.Id, _ => new HashSet<int>());
        var totals = departments.ToDictionary(d => d.Id, _ => new Totals());
        var company = new Totals();
        var companyActive = new HashSet<int>();
        foreach (var row in rows)
        {
            company.Add(row);
            if (row.ContributionRows > 0)
                companyActive.Add(row.PersonId);
            foreach (var a in ancestors.GetValueOrDefault(row.DepartmentId, [row.DepartmentId]))
            {
                totals.GetValueOrDefault(a)?.Add(row);
                if (row.ContributionRows > 0)
                    active.GetValueOrDefault(a)?.Add(row.PersonId);
            }
        }

        var result = departments.Select(d => totals[d.Id].ToDepartment(d.Id, d.Code, d.Name, d.Path, d.Depth, members[d.Id].Count, active[d.Id].Count)).ToList();
        return (company.ToCompany(companyMembers.Count, companyActive.Count), result);
    }

    /// <summary>
    /// The company line of each month from <paramref name="first"/> to <paramref name="last"/> (first days of months), in
    /// order: for employees <see cref="ByDepartmentAsync(ReportingPeriod, CancellationToken)"/>'s
    /// Company, for the unlinked <see cref="UnlinkedAsync"/>'s, month by month, from one read of the monthly roll-ups
    /// summed per month and person in the database (ADR 2071): the overview's trend read one month of rows per
    /// department and type for each of its twelve months and loaded the people directory twice per month.
    /// </summary>
    public async Task<IReadOnlyList<CompanyMetrics>> CompanyByMonthAsync(DateOnly first, DateOnly last, PeopleDirectory people, Population population, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (first.Day != 1 || last.Day != 1 || last < first)
            throw new ArgumentException($"Company figures by month run from the first day of one month to the first day of a later one, not {first} to {last}.", nameof(first));
        var sums = (await PersonMonthSumsAsync(first, last, withDepartmentOnly: population != Population.Unlinked, ct))
            .ToLookup(s => s.Month);
        var result = new List<CompanyMetrics>();
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var period = ReportingPeriod.Month(month.Year, month.Month);
            var totals = new Totals();
            var active = 0;
            var seen = 0;
            // In person order, as ByDepartmentAsync adds its rows (grouped by person and department).
            foreach (var s in sums[month].OrderBy(s => s.PersonId))
            {
                var person = people.Find(s.PersonId);
                if (population == Population.Unlinked ? !Population.Unlinked.Includes(person) : person?.CountsInGroups != true)
                    continue;
                totals.Add(s);
                seen++;
                if (s.ContributionRows > 0)
                    active++;
            }

            result.Add(population == Population.Unlinked
                ? totals.ToCompany(seen, active) with { ActiveContributorRate = null }
                : totals.ToCompany(people.All.Count(p => p.CountsInGroups && DepartmentsDuring(p, period).Any()), active));
        }

        return result;
    }

    // The rows of Totals.Add summed per person and month: a few thousand rows a month instead of one per person, type and
    // department.
    private async Task<List<PersonMonthSums>> PersonMonthSumsAsync(DateOnly first, DateOnly last, bool withDepartmentOnly, CancellationToken ct)
    {
        if (!_dayRowsOnly)
            return await RollupSumsByPersonAndMonthAsync(db, first, last, withDepartmentOnly, ct);
        var days = await db.DailyPersonMetrics.AsNoTracking()
            .Where(m => m.Day >= first && m.Day < last.AddMonths(1) && (!withDepartmentOnly || m.DepartmentId != null))
            .GroupBy(m => new { m.Day.Year, m.Day.Month, m.PersonId })
            .Select(g => new
            {
                g.Key.Year, g.Key.Month, g.Key.PersonId,
                ContributionRows = g.Sum(m => EF.Constant(ContributionTypes).Contains(m.Type) ? 1 : 0),
                Contributions = g.Sum(m => EF.Constant(ContributionTypes).Contains(m.Type) ? m.Count : 0),
                Reuse = g.Sum(m => EF.Constant(ReuseTypes).Contains(m.Type) ? m.Quantity : 0.0),
                CrossTeam = g.Sum(m => EF.Constant(ReuseTypes).Contains(m.Type) ? m.CrossTeam : 0.0),
                Completions = g.Sum(m => m.Type == ActivityType.Completed ? m.Count : 0),
                MentoringHours = g.Sum(m => m.Type == ActivityType.Mentored ? m.Quantity : 0.0),
            })
            .ToListAsync(ct);
        return [.. days.Select(d => new PersonMonthSums(new DateOnly(d.Year, d.Month, 1), d.PersonId, d.ContributionRows, d.Contributions, d.Reuse,
            d.CrossTeam, d.Completions, d.MentoringHours))];
    }

    private static readonly ActivityType[] ContributionTypes = [.. ActivityTypes.All.Where(t => t.IsContribution())];
    private static readonly ActivityType[] ReuseTypes = [.. ActivityTypes.All.Where(t => t.IsReuse())];

    /// <summary>
    /// The person totals (ADR 2304: the monthly roll-ups summed per month, person and department by the aggregator) summed
    /// per month and person, as <see cref="CompanyByMonthAsync"/> reads them: a person who changed department in a month
    /// has a row for each department. Read as narrow rows in the order of the totals' (month, person, department) index
    /// and the rows of a month and person added here (ADR 2307): summing them in SQL with a GROUP BY cost three times the
    /// read on the 5M benchmark database (91 against 26 ms for a year).
    /// </summary>
    public static async Task<List<PersonMonthSums>> RollupSumsByPersonAndMonthAsync(
        AnalyticsDbContext db, DateOnly first, DateOnly last, bool withDepartmentOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sums = new List<PersonMonthSums>();
        await foreach (var r in NarrowRows.ReadAsync(db, PersonTotalsSql(db.SchemaPrefix, withDepartmentOnly), [first, last], r => new PersonMonthSums(
                           r.GetDate(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetDouble(4), r.GetDouble(5), r.GetInt32(6), r.GetDouble(7)), ct))
        {
            if (sums.Count > 0 && sums[^1] is var previous && previous.Month == r.Month && previous.PersonId == r.PersonId)
            {
                sums[^1] = previous with
                {
                    ContributionRows = previous.ContributionRows + r.ContributionRows, Contributions = previous.Contributions + r.Contributions,
                    Reuse = previous.Reuse + r.Reuse, CrossTeam = previous.CrossTeam + r.CrossTeam, Completions = previous.Completions + r.Completions,
                    MentoringHours = previous.MentoringHours + r.MentoringHours,
                };
            }
            else
            {
                sums.Add(r);
            }
        }

        return sums;
    }

    /// <summary>The person totals of the months from {0} to {1} (first days), in the order of their (month, person, department) index.</summary>
    public static string PersonTotalsSql(string schemaPrefix, bool withDepartmentOnly) =>
        "SELECT m.[Month], m.[PersonId], m.[ContributionRows], m.[Contributions], m.[Reuse], m.[CrossTeam], m.[Completions], m.[MentoringHours] "
        + $"FROM {schemaPrefix}[MonthlyPersonTotals] m WHERE m.[Month] >= {{0}} AND m.[Month] <= {{1}}"
        + (withDepartmentOnly ? " AND m.[DepartmentId] IS NOT NULL" : "")
        + " ORDER BY m.[Month], m.[PersonId], m.[DepartmentId]";

    /// <summary>
    /// The company's contributions (<see cref="CompanyMetrics.Contributions"/>: contribution types, people counted in group
    /// figures, with a department) for each month from <paramref name="first"/> to <paramref name="last"/> (first days of
    /// months), in one read: the monthly roll-ups (ADR 2011), or the day rows grouped by month for the reference query.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Month, int Contributions)>> ContributionsByMonthAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        if (first.Day != 1 || last.Day != 1 || last < first)
            throw new ArgumentException($"Contributions by month run from the first day of one month to the first day of a later one, not {first} to {last}.", nameof(first));
        var types = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var perPerson = _dayRowsOnly
            ? await db.DailyPersonMetrics.AsNoTracking()
                .Where(m => m.Day >= first && m.Day < last.AddMonths(1) && m.DepartmentId != null && types.Contains(m.Type))
                .GroupBy(m => new { m.PersonId, m.Day.Year, m.Day.Month })
                .Select(g => new { g.Key.PersonId, g.Key.Year, g.Key.Month, Count = g.Sum(m => m.Count) })
                .ToListAsync(ct)
            // The person totals (ADR 2304), grouped by the month itself (the first day) in the order of their month index,
            // so SQLite groups as it reads: grouping by the month's year and number (strftime per row) sorted the rows.
            : (await db.MonthlyPersonTotals.AsNoTracking()
                .Where(m => m.Month >= first && m.Month <= last && m.DepartmentId != null)
                .GroupBy(m => new { m.Month, m.PersonId })
                .Select(g => new { g.Key.Month, g.Key.PersonId, Count = g.Sum(m => m.Contributions) })
                .ToListAsync(ct))
                .Select(g => new { g.PersonId, g.Month.Year, g.Month.Month, g.Count })
                .ToList();
        var counts = perPerson.Where(c => people.Find(c.PersonId)?.CountsInGroups == true)
            .GroupBy(c => new DateOnly(c.Year, c.Month, 1)).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var result = new List<(DateOnly, int)>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            result.Add((month, counts.GetValueOrDefault(month)));
        return result;
    }

    /// <summary>
    /// The first aggregated day, null when nothing is aggregated: a month that ends before it has no figures ("n/a", "no
    /// data yet"), never zero ones. One seek on the (Day, ...) index.
    /// </summary>
    public static Task<DateOnly?> DataBeginsAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.DailyPersonMetrics.AsNoTracking().MinAsync(m => (DateOnly?)m.Day, ct);
    }

    /// <summary>The departments whose group figures may be shown (<see cref="ReportingGroups.Disclosed"/>).</summary>
    public static IReadOnlySet<int> Disclosed(IEnumerable<DepartmentMetrics> departments, int minimumGroupSize) =>
        ReportingGroups.Disclosed(departments.Select(d => new GroupSize(d.DepartmentId, ReportingGroups.ParentOf(d.Path), d.Headcount)).ToList(), minimumGroupSize);

    /// <summary>The department that is the whole company (the single root), left out of flow and silo tables; null with several roots.</summary>
    public static int? CompanyGroup(IReadOnlyCollection<DepartmentMetrics> departments) =>
        departments.Count(d => d.Depth == 0) == 1 ? departments.Single(d => d.Depth == 0).DepartmentId : null;

    /// <summary>
    /// The people of one population with activity in the period (ADR 2201): employees, or the unlinked people found in
    /// sources (never bots).
    /// </summary>
    public async Task<IReadOnlyList<PersonMetrics>> ByPersonAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        return (await ByPersonAsync(period, includeAll: true, personId: null, ct)).Where(m => population.Includes(people.Find(m.PersonId))).ToList();
    }

    /// <summary>
    /// The unlinked people's totals (ADR 2201): no department and no HR headcount, so Headcount is the number of unlinked
    /// people with any activity in the period and the active-contributor rate is not given (it needs a headcount).
    /// </summary>
    public async Task<CompanyMetrics> UnlinkedAsync(ReportingPeriod period, CancellationToken ct)
    {
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var rows = (await LoadAsync(period, ct)).Where(r => Population.Unlinked.Includes(people.Find(r.PersonId))).ToList();
        var totals = new Totals();
        rows.ForEach(totals.Add);
        var seen = rows.Select(r => r.PersonId).Distinct().Count();
        var active = rows.Where(r => r.Type.IsContribution()).Select(r => r.PersonId).Distinct().Count();
        return totals.ToCompany(seen, active) with { ActiveContributorRate = null };
    }

    // includeAll: Also list bots and people not linked to an employee.
    public Task<IReadOnlyList<PersonMetrics>> ByPersonAsync(ReportingPeriod period, bool includeAll, CancellationToken ct) =>
        ByPersonAsync(period, includeAll, personId: null, ct);

    /// <summary>
    /// One person's line of <see cref="ByPersonAsync(ReportingPeriod, bool, CancellationToken)"/>, reading only their rows
    /// (a profile must not load everyone's month: at 5M activities that was seconds per request). Null without activity.
    /// </summary>
    public async Task<PersonMetrics?> ForPersonAsync(ReportingPeriod period, int personId, CancellationToken ct) =>
        (await ByPersonAsync(period, includeAll: true, personId, ct)).SingleOrDefault();

    private async Task<IReadOnlyList<PersonMetrics>> ByPersonAsync(ReportingPeriod period, bool includeAll, int? personId, CancellationToken ct)
    {
        var people = personId is { } one ? await PeopleDirectoryLoader.LoadOneAsync(db, one, ct) : await PeopleDirectoryLoader.LoadAsync(db, ct);
        var codes = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, ct);
        var rows = await LoadAsync(period, personId, ct);
        var entries = db.PointsEntries.AsNoTracking().Where(p => p.Day >= period.From && p.Day <= period.To);
        if (personId is { } id)
            entries = entries.Where(p => p.PersonId == id);
        var points = await entries.GroupBy(p => p.PersonId).Select(g => new { g.Key, Points = g.Sum(p => p.Points) })
            .ToDictionaryAsync(x => x.Key, x => x.Points, ct);
        return rows.GroupBy(r => r.PersonId)
            .Select(g => (Person: people.Find(g.Key), Rows: g.ToList()))
            .Where(x => includeAll || x.Person?.CountsInGroups == true)
            .Select(x =>
            {
                var t = new Totals();
                x.Rows.ForEach(t.Add);
                var personId = x.Rows[0].PersonId;
                var department = x.Person?.DepartmentAtEndOf(period.From, period.To);
                return new PersonMetrics(personId, x.Person?.DisplayName ?? $"person {personId}",
                    department is { } d ? codes.GetValueOrDefault(d) : null, x.Person?.CountsInGroups == true,
                    t.Contributions, t.Reuse, t.CrossTeam, GroupRates.ReuseRatio(t.Reuse, t.Contributions),
                    Math.Round(points.GetValueOrDefault(personId), 4), t.Completions, t.MentoringHours);
            })
            .OrderByDescending(p => p.Contributions).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The departments a person sat in on employed days of the period.</summary>
    public static IEnumerable<int> DepartmentsDuring(PersonProfile person, ReportingPeriod period)
    {
        var found = new HashSet<int>();
        foreach (var span in person.Assignments)
        {
            var start = Max(Max(span.ValidFrom, period.From), person.HireDate ?? DateOnly.MaxValue);
            var end = Min(Min(span.ValidTo?.AddDays(-1) ?? DateOnly.MaxValue, period.To), person.LeaveDate ?? DateOnly.MaxValue);
            if (start <= end)
                found.Add(span.DepartmentId);
        }

        return found;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private async Task<List<Row>> LoadAsync(ReportingPeriod period, CancellationToken ct) => await LoadAsync(period, personId: null, ct);

    /// <summary>
    /// Each person's figures per department over the period, for the group figures: whole months from the person totals
    /// (ADR 2304: one row per person, month and department, about 4,000 a month on the 5M benchmark instead of 54,000
    /// roll-up rows), any other range from the day rows summed here by the same rules.
    /// </summary>
    private async Task<List<GroupSums>> LoadGroupSumsAsync(ReportingPeriod period, CancellationToken ct)
    {
        if (!_dayRowsOnly && MonthlyRollups.Covers(period))
        {
            return await db.MonthlyPersonTotals.AsNoTracking()
                .Where(m => m.Month >= period.From && m.Month <= period.To && m.DepartmentId != null)
                .GroupBy(m => new { m.PersonId, m.DepartmentId })
                .Select(g => new GroupSums(g.Key.PersonId, g.Key.DepartmentId!.Value, g.Sum(m => m.ContributionRows), g.Sum(m => m.Contributions),
                    g.Sum(m => m.Reuse), g.Sum(m => m.CrossTeam), g.Sum(m => m.Completions), g.Sum(m => m.MentoringHours)))
                .ToListAsync(ct);
        }

        return [.. (await LoadAsync(period, ct)).Where(r => r.DepartmentId is not null)
            .GroupBy(r => (r.PersonId, DepartmentId: r.DepartmentId!.Value))
            .Select(g =>
            {
                var t = new Totals();
                foreach (var row in g)
                    t.Add(row);
                return new GroupSums(g.Key.PersonId, g.Key.DepartmentId, g.Count(r => r.Type.IsContribution()), t.Contributions, t.Reuse, t.CrossTeam,
                    t.Completions, t.MentoringHours);
            })];
    }

    private sealed record GroupSums(int PersonId, int DepartmentId, int ContributionRows, int Contributions, double Reuse, double CrossTeam,
        int Completions, double MentoringHours);

    // Whole months read the monthly roll-ups, any other range the day rows (ADR 2011): the same sums either way.
    private Task<List<Row>> LoadAsync(ReportingPeriod period, int? personId, CancellationToken ct) =>
        !_dayRowsOnly && MonthlyRollups.Covers(period) ? LoadMonthsAsync(period, personId, ct) : LoadDaysAsync(period, personId, ct);

    private async Task<List<Row>> LoadMonthsAsync(ReportingPeriod period, int? personId, CancellationToken ct)
    {
        var months = db.MonthlyPersonMetrics.AsNoTracking().Where(m => m.Month >= period.From && m.Month <= period.To);
        if (personId is { } id)
            months = months.Where(m => m.PersonId == id);
        return await months.GroupBy(m => new { m.PersonId, m.Type, m.DepartmentId })
            .Select(g => new Row(g.Key.PersonId, g.Key.Type, g.Key.DepartmentId, g.Sum(m => m.Count), g.Sum(m => m.Quantity), g.Sum(m => m.CrossTeam)))
            .ToListAsync(ct);
    }

    private async Task<List<Row>> LoadDaysAsync(ReportingPeriod period, int? personId, CancellationToken ct)
    {
        var days = db.DailyPersonMetrics.AsNoTracking().Where(m => m.Day >= period.From && m.Day <= period.To);
        // A separate Where (not "personId == null ||") so SQLite can use the (PersonId, Day) index.
        if (personId is { } id)
            days = days.Where(m => m.PersonId == id);
        return await days.GroupBy(m => new { m.PersonId, m.Type, m.DepartmentId })
            .Select(g => new Row(g.Key.PersonId, g.Key.Type, g.Key.DepartmentId, g.Sum(m => m.Count), g.Sum(m => m.Quantity), g.Sum(m => m.CrossTeam)))
            .ToListAsync(ct);
    }

    private sealed class Totals
    {
        public int Contributions { get; private set; }
        public double Reuse { get; private set; }
        public double CrossTeam { get; private set; }
        public int Completions { get; private set; }
        public double MentoringHours { get; private set; }

        public void Add(Row row)
        {
            if (row.Type.IsContribution())
                Contributions += row.Count;
            if (row.Type.IsReuse())
            {
                Reuse += row.Quantity;
                CrossTeam += row.CrossTeam;
            }

            if (row.Type == ActivityType.Completed)
                Completions += row.Count;
            if (row.Type == ActivityType.Mentored)
                MentoringHours += row.Quantity;
        }

        // A person's month summed by the database, or a person's figures in one department over the period: the same
        // figures as adding their rows one by one.
        public void Add(PersonMonthSums sums) => Add(sums.Contributions, sums.Reuse, sums.CrossTeam, sums.Completions, sums.MentoringHours);

        public void Add(GroupSums sums) => Add(sums.Contributions, sums.Reuse, sums.CrossTeam, sums.Completions, sums.MentoringHours);

        private void Add(int contributions, double reuse, double crossTeam, int completions, double mentoringHours)
        {
            Contributions += contributions;
            Reuse += reuse;
            CrossTeam += crossTeam;
            Completions += completions;
            MentoringHours += mentoringHours;
        }

        public DepartmentMetrics ToDepartment(int id, string code, string name, string path, int depth, int headcount, int active) =>
            new(id, code, name, path, depth, headcount, active, GroupRates.ActiveContributorRate(active, headcount),
                Contributions, Reuse, CrossTeam, GroupRates.ReuseRatio(Reuse, Contributions), Completions, MentoringHours);

        public CompanyMetrics ToCompany(int headcount, int active) =>
            new(headcount, active, GroupRates.ActiveContributorRate(active, headcount), Contributions, Reuse, CrossTeam,
                GroupRates.ReuseRatio(Reuse, Contributions), Completions, MentoringHours);
    }
}

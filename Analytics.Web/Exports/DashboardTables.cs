using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Metrics;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Analytics.Web.People;
using Analytics.Web.Recognition;
using static Analytics.Jobs.Reports.Excel.SheetWriter;

namespace Analytics.Web.Exports;

/// <summary>
/// The columns of every dashboard table, applied to the view the page itself renders. Nothing is calculated
/// here: a suppressed group stays empty with the page's note, a hidden person is simply not in the view.
/// </summary>
public static class DashboardTables
{
    private const string MonthFormat = "yyyy-mm";
    private const string RatioFormat = "0.00";

    private sealed record OverviewRow(string Month, DateOnly First, CompanyMetrics Figures, AnswerFigures? Answers);

    private static readonly ExportColumn<OverviewRow>[] OverviewColumns =
    [
        new("Month", 16, r => r.Month),
        new("First day", 12, r => r.First, MonthFormat),
        new("Contributions", 14, r => r.Figures.Contributions, IntegerFormat),
        new("Active contributors", 18, r => r.Figures.ActiveContributors, IntegerFormat),
        new("Headcount", 12, r => r.Figures.Headcount, IntegerFormat),
        new("Active-contributor rate", 22, r => r.Figures.ActiveContributorRate, PercentFormat),
        new("Reuse", 12, r => r.Figures.ReuseReceived, DecimalFormat),
        new("Cross-team reuse", 16, r => r.Figures.CrossTeamReuseReceived, DecimalFormat),
        new("Answer rate", 12, r => r.Answers?.Rate, PercentFormat),
    ];

    private static readonly ExportColumn<DepartmentRow>[] DepartmentColumns =
    [
        new("Department", 32, d => d.Name),
        new("Code", 14, d => d.Code),
        new("Parent", 14, d => d.ParentCode),
        new("Depth", 8, d => d.Depth, IntegerFormat),
        new("Headcount", 12, d => d.Figures?.Headcount, IntegerFormat),
        new("Active contributors", 18, d => d.Figures?.ActiveContributors, IntegerFormat),
        new("Active-contributor rate", 22, d => d.Figures?.ActiveContributorRate, PercentFormat),
        new("Contributions", 14, d => d.Figures?.Contributions, IntegerFormat),
        new("Reuse received", 16, d => d.Figures?.ReuseReceived, DecimalFormat),
        new("Cross-team reuse", 16, d => d.Figures?.CrossTeamReuseReceived, DecimalFormat),
        new("Reuse ratio", 12, d => d.Figures?.ReuseRatio, RatioFormat),
    ];

    private static readonly ExportColumn<SiloFigures>[] SiloColumns =
    [
        new("Department", 32, s => s.Name),
        new("Code", 14, s => s.Code),
        new("Reuse of its knowledge", 22, s => s.ReuseOfOwnKnowledge, DecimalFormat),
        new("of which by other departments", 28, s => s.FromOtherDepartments, DecimalFormat),
        new("Reuse by its people", 20, s => s.ReuseByOwnPeople, DecimalFormat),
        new("of which of other departments", 28, s => s.OfOtherDepartments, DecimalFormat),
        new("Silo", 8, s => s.IsSilo ? "silo" : null),
    ];

    private static readonly ExportColumn<BarriersView>[] BarrierSummaryColumns =
    [
        new("Questions", 12, b => b.Answers.Questions, IntegerFormat),
        new("Answered within 7 days", 22, b => b.Answers.Answered, IntegerFormat),
        new("Still inside the window", 22, b => b.Answers.Pending, IntegerFormat),
        new("Answer rate", 12, b => b.Answers.Rate, PercentFormat),
        new("Median hours to first answer", 26, b => b.Answers.MedianTimeToFirstAnswer?.TotalHours, DecimalFormat),
        new("Contributors", 14, b => b.Concentration.Contributors, IntegerFormat),
        new("Top 10% share of contributions", 28, b => b.Concentration.TopShare, PercentFormat),
        new("Gini", 8, b => b.Concentration.Gini, RatioFormat),
        new("Stale items", 12, b => b.StaleItems, IntegerFormat),
        new("Departments not shown (minimum group size), not listed", 40, b => b.SuppressedSilos, IntegerFormat),
    ];

    private static readonly ExportColumn<StaleItem>[] StaleColumns =
    [
        new("Item", 10, i => i.ItemId, IntegerFormat),
        new("Title", 50, i => i.Title ?? $"item {i.ItemId}"),
        new("Last edited", 12, i => i.LastEditedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null, DateFormat),
        new("Reuse records", 14, i => i.ReuseRecords, IntegerFormat),
    ];

    private static readonly ExportColumn<PersonHit>[] PeopleColumns =
    [
        new("Name", 32, h => h.Name),
        new("Kind", 24, h => h.Kind),
        new("Person", 10, h => h.PersonId, IntegerFormat),
        // Added last so the columns readers already use keep their places.
        new("Department", 24, h => h.Department),
    ];

    private static readonly ExportColumn<TypeCount>[] TypeColumns =
    [
        new("Type", 16, t => t.Type.Code()),
        new("Count", 10, t => t.Count, IntegerFormat),
    ];

    private static readonly ExportColumn<ReusedItem>[] ReusedColumns =
    [
        new("Item", 10, i => i.ItemId, IntegerFormat),
        new("Title", 50, i => i.Title),
        new("Kind", 14, i => i.Kind),
        new("URL", 50, i => i.Url),
        new("Reuse", 10, i => i.Reuse, DecimalFormat),
    ];

    private static readonly ExportColumn<AwardRow>[] RecognitionColumns =
    [
        new("Given", 12, a => DateOnly.FromDateTime(a.CreatedAt.UtcDateTime), DateFormat),
        new("By", 24, a => a.Giver),
        new("Category", 18, a => a.Category.ToString()),
        new("Points", 8, a => a.Points, IntegerFormat),
        new("Message", 60, a => a.Message),
    ];

    /// <summary>A profile's tables by their code in the export route.</summary>
    public static IReadOnlyDictionary<string, Func<ProfileView, ExportSheet>> ProfileTables { get; } = new Dictionary<string, Func<ProfileView, ExportSheet>>
    {
        ["contributions-by-type"] = v => ExportSheet.Of("Contributions by type", TypeColumns, v.ContributionsByType),
        ["most-reused"] = v => ExportSheet.Of("Most reused items", ReusedColumns, v.MostReused),
        ["recognition"] = v => ExportSheet.Of("Recognition", RecognitionColumns, v.Recognition),
    };

    /// <summary>The overview's tiles: the period shown and the period before, which each tile's change compares with.</summary>
    public static TableExport Overview(OverviewView view)
    {
        var rows = new List<OverviewRow> { new(view.Period.Label, view.Period.From, view.Figures, view.Answers) };
        if (view.Previous is { } before)
            rows.Add(new($"{view.PreviousPeriod.Label} (previous, for the change)", view.PreviousPeriod.From, before, view.PreviousAnswers));
        return new("overview", Label(view.Period, view.Population), [ExportSheet.Of("Key figures", OverviewColumns, rows)],
            [.. PeriodFilters(view.Period), .. PeopleFilters(view.Population)]);
    }

    public static TableExport Departments(DepartmentsView view)
    {
        if (view.Unlinked is { } unlinked)
        {
            // HR's unlinked view (ADR 2206): one line apart from every department, as on the page.
            ExportColumn<DepartmentFigures>[] columns =
            [
                new("Population", 28, _ => "Not linked to an employee"),
                new("People with activity", 20, f => f.Headcount, IntegerFormat),
                new("Active contributors", 18, f => f.ActiveContributors, IntegerFormat),
                new("Contributions", 14, f => f.Contributions, IntegerFormat),
                new("Reuse received", 16, f => f.ReuseReceived, DecimalFormat),
                new("Cross-team reuse", 16, f => f.CrossTeamReuseReceived, DecimalFormat),
                new("Reuse ratio", 12, f => f.ReuseRatio, RatioFormat),
            ];
            return new("departments", Label(view.Period, view.Population), [ExportSheet.Of("Unlinked people", columns, [unlinked])],
                [.. PeriodFilters(view.Period), .. PeopleFilters(view.Population)]);
        }

        return new("departments", view.Period.Label,
            [ExportSheet.Of("Departments", [.. DepartmentColumns, new("Note", 36, d => d.Suppressed ? Suppressed(view.MinimumGroupSize) : null)], view.Departments)],
            [.. PeriodFilters(view.Period), ("Minimum group size", view.MinimumGroupSize)]);
    }

    private static readonly ExportColumn<CommunityHealthRow>[] CommunityColumns =
    [
        new("Community", 32, c => c.Name),
        new("Channels, spaces and tags", 40, c => string.Join(", ", c.Definition.Select(m => $"{m.Value} ({m.Source})"))),
        new("Members", 10, c => c.Figures?.Members, IntegerFormat),
        new("People in 12 months", 18, c => c.Figures?.PeopleOverYear, IntegerFormat),
        new("Active share", 12, c => c.Figures?.ActiveShare, PercentFormat),
        new("Departments", 12, c => c.Figures?.Departments, IntegerFormat),
        new("Contributions", 14, c => c.Figures?.Contributions, IntegerFormat),
        new("Questions", 12, c => c.Figures?.Answers.Questions, IntegerFormat),
        new("Answered within 7 days", 22, c => c.Figures?.Answers.Answered, IntegerFormat),
        new("Answer rate", 12, c => c.Figures?.Answers.Rate, PercentFormat),
        new("Median hours to first answer", 26, c => c.Figures?.Answers.MedianTimeToFirstAnswer?.TotalHours, DecimalFormat),
        new("Reuse events", 14, c => c.Figures?.ReuseEvents, DecimalFormat),
        new("Cross-department reuse", 22, c => c.Figures?.CrossDepartmentReuse, DecimalFormat),
        new("Cross-department share", 22, c => c.Figures?.CrossDepartmentShare, PercentFormat),
    ];

    /// <summary>The Communities page's table, with the same suppression: a hidden community has its name and a note only.</summary>
    public static TableExport Communities(CommunitiesHealth health) =>
        new("communities", health.Month.Label,
            [ExportSheet.Of("Communities", [.. CommunityColumns, new("Note", 40, c => c.Disclosed ? null : CommunitySuppressed(health.MinimumGroupSize))], health.Communities)],
            [.. PeriodFilters(health.Month), ("Minimum group size", health.MinimumGroupSize)]);

    public static string CommunitySuppressed(int minimum) =>
        $"fewer than {minimum.ToString(CultureInfo.InvariantCulture)} active members, or recoverable by subtraction: not shown";

    /// <summary>Rows are author groups, columns reuser groups, as in the page's matrix.</summary>
    public static TableExport Flow(FlowView flow)
    {
        ExportColumn<string>[] columns =
        [
            new("Author \\ reuser", 24, author => author),
            .. flow.Groups.Select(reuser => new ExportColumn<string>(reuser, Math.Max(10, reuser.Length + 2), author => flow[author, reuser], DecimalFormat)),
        ];
        return new("flow", flow.Period.Label, [ExportSheet.Of("Knowledge flow", columns, flow.Groups)],
            [.. PeriodFilters(flow.Period), ("Minimum group size", flow.MinimumGroupSize)]);
    }

    public static TableExport Barriers(BarriersView view) =>
        new("barriers", Label(view.Period, view.Population),
        [
            ExportSheet.Of("Silos", SiloColumns, view.Silos),
            ExportSheet.Of("Summary", BarrierSummaryColumns, [view]),
            ExportSheet.Of("Stale items", StaleColumns, view.MostReusedStale),
        ], [.. PeriodFilters(view.Period), ("Minimum group size", view.MinimumGroupSize), .. PeopleFilters(view.Population)]);

    public static TableExport Leaderboard(RankedLeaderboard ranked, string metric)
    {
        var view = ranked.View;
        ExportColumn<Jobs.Leaderboards.LeaderboardRow>[] columns =
        [
            new("Rank", 8, r => r.Rank, IntegerFormat),
            new("Name", 32, r => r.Name),
            new("Department", 16, r => r.Department),
            new(MetricHeader(metric), 14, r => r.Value, DecimalFormat),
            new("Recognition points", 18, r => ranked.RecognitionOf(r), IntegerFormat),
        ];
        var frozen = string.Join(", ", view.FrozenMonths.Select(m => m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
        var label = view.Filter.Scope is { } scope ? $"{view.Filter.Period.Label}-{metric}-{scope}"
            : view.Filter.Population == Population.Unlinked ? $"{view.Filter.Period.Label}-{metric}-unlinked" : $"{view.Filter.Period.Label}-{metric}";
        return new("leaderboard", label, [ExportSheet.Of("Leaderboard", columns, view.Rows)],
            [.. PeriodFilters(view.Filter.Period), ("Scope", view.ScopeName), ("Metric", metric), ("Frozen months", frozen),
                ("Recognition points", "approved awards given in the period; not part of the ranking"), .. PeopleFilters(view.Filter.Population)]);
    }

    public static TableExport People(string? search, IReadOnlyList<PersonHit> hits, DateOnly today) =>
        new("people", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), [ExportSheet.Of("People", PeopleColumns, hits)],
            [("Name contains", search?.Trim() ?? ""), ("Date", today), ("Rows", $"at most {PeopleSearch.MaxHits}, only people you may see")]);

    public static TableExport Profile(ProfileView view, string table)
    {
        List<(string, object?)> filters = [("Person", view.Person.Name), .. PeriodFilters(view.Period)];
        if (table == "recognition")
            filters.Add(("Awards", "every approved award, whatever the period; pending and rejected ones never show"));
        return new(FormattableString.Invariant($"person-{view.Person.PersonId}-{table}"), view.Period.Label, [ProfileTables[table](view)], filters);
    }

    private static string MetricHeader(string metric) => metric switch
    {
        "points" => "Points",
        "contributions" => "Contributions",
        "reuse" => "Reuse received",
        _ => "Cross-team reuse",
    };

    private static string Suppressed(int minimum) => FormattableString.Invariant($"not shown: fewer than {minimum} people here, or its figures would reveal such a group by subtraction");

    private static (string, object?)[] PeriodFilters(ReportingPeriod period) => [("Period", period.Label), ("From", period.From), ("To", period.To)];

    // Employees are the default and stay unnamed, so existing files keep their filters; the unlinked view says so in the file.
    private static (string, object?)[] PeopleFilters(Population population) => population == Population.Unlinked
        ? [("People", "not linked to an HR employee record (never bots); headcount = those with activity in the period")]
        : [];

    private static string Label(ReportingPeriod period, Population population) =>
        population == Population.Unlinked ? $"{period.Label}-unlinked" : period.Label;
}

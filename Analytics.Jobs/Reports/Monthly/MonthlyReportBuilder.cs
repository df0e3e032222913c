using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Charts;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Excel;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Reports.Monthly;

/// <summary>
/// The monthly leadership workbook. Every figure comes from the queries the dashboard uses (MetricsQuery,
/// LeaderboardQuery, BarriersQuery) so the report and the dashboard agree; privacy rules are applied here:
/// groups under the minimum size are suppressed and opted-out people are not ranked.
/// </summary>
public sealed class MonthlyReportBuilder(
    AnalyticsDbContext db, MetricsQuery metrics, LeaderboardQuery leaderboards, BarriersQuery barriers, PracticesQuery practices,
    IOptions<MonthlyReportOptions> options, CommunityHealthQuery communities)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Suppressed = "suppressed";

    public static readonly string[] SheetNames =
        [StorySheet, "Summary", PracticesSheet, "Departments", "Leaderboard", "Recognition", "Knowledge flow", "Top reused items", "Barriers", KnowledgeAtRiskSheet, CommunitiesSheet, ChartsSheet, "Definitions"];

    /// <summary>The first sheet: the month in a few numbers and sentences (<see cref="MonthStory"/>).</summary>
    public const string StorySheet = "The month";

    /// <summary>The practices scorecard of the month, the figures of the /Practices page.</summary>
    public const string PracticesSheet = "Practices";

    public const string KnowledgeAtRiskSheet = "Knowledge at risk";

    public const string CommunitiesSheet = "Communities";

    public const string ChartsSheet = "Charts";

    public static string FileName(ReportingPeriod period, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"monthly-report-{period.Label}-v{version}.xlsx");

    public static string ProvisionalFileName(ReportingPeriod period) => $"monthly-report-{period.Label}-provisional.xlsx";

    /// <summary>The workbook of <paramref name="period"/>; <paramref name="provisional"/> when the month is not closed: every sheet says so (Summary line, print header, tab colour).</summary>
    public async Task<byte[]> BuildAsync(ReportingPeriod period, DateTimeOffset generatedAt, CancellationToken ct, bool provisional = false)
    {
        // The two largest reads run beside the others, each on a context of its own (ADR 1864): knowledge at risk (a year of
        // the expertise roll-up, about half the report's CPU on the 5M benchmark database) from the start, the practices
        // scorecard (13 months of roll-up rows and flows, the previous month's stale items) once the month's stale items
        // are known. The report never read in one transaction (each query is its own snapshot), so reading on several
        // connections is no less consistent.
        await using var beside = new ReadsBeside(db, ct);
        // Expertise as at the month's end: the window is the 12 months ending on its last day (ADR 1704).
        var atRisk = beside.Start((context, t) => KnowledgeAtRiskAsync(context, period, t));
        var minimum = options.Value.MinimumGroupSize;
        var previous = ReportingPeriod.Month(period.From.AddMonths(-1).Year, period.From.AddMonths(-1).Month);
        var lastYear = ReportingPeriod.Month(period.From.Year - 1, period.From.Month);

        // The month's stale items once, for the Barriers sheet and the Practices sheet (ADR 1861).
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var stale = await barriers.StaleItemsAsync(period, people, Population.Employees, ct);
        var scorecard = beside.Start((context, t) => practices.On(context).RunAsync(period, minimum, t, stale));
        var (company, departments) = await metrics.ByDepartmentAsync(period, people, ct);
        // The pages' rule: minimum size plus complementary suppression (ReportingGroups, ADR 1620).
        var disclosed = MetricsQuery.Disclosed(departments, minimum);
        var previousCompany = (await metrics.ByDepartmentAsync(previous, people, ct)).Company;
        var lastYearCompany = (await metrics.ByDepartmentAsync(lastYear, people, ct)).Company;
        var board = await leaderboards.RunAsync(new LeaderboardFilter(period, LeaderboardMetric.Points, Top: options.Value.TopRows), ct);
        // Leaderboard rows are persons; the opt-out lives on the employee a person is linked to.
        var optedOut = (await db.Persons.AsNoTracking()
            .Where(p => p.EmployeeId != null && db.Employees.Any(e => e.Id == p.EmployeeId && e.LeaderboardOptOut))
            .Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        var barrierFigures = await barriers.RunAsync(period, Population.Employees, ct, stale, people);
        // A comparison is only made with a month the data covers from its first day; before that it reads n/a, not 0.
        var dataBegins = await MetricsQuery.DataBeginsAsync(db, ct);
        async Task<SummaryFigures?> ComparedAsync(ReportingPeriod month, CompanyMetrics company) =>
            dataBegins is { } begins && begins <= month.From
                ? new SummaryFigures(company, (await barriers.AnswersAsync(month, people, ct)).Rate)
                : null;
        var summary = new SummaryFigures(company, barrierFigures.Answers.Rate);
        var previousSummary = await ComparedAsync(previous, previousCompany);
        var lastYearSummary = await ComparedAsync(lastYear, lastYearCompany);
        var trend = await ContributionsByMonthAsync(period.From.AddMonths(-11), period.From, ct);
        var card = scorecard is null ? await practices.RunAsync(period, minimum, ct, stale) : await scorecard;

        using var workbook = new XLWorkbook();
        var story = workbook.Worksheets.Add(StorySheet);
        WriteSummary(workbook.Worksheets.Add("Summary"), period, generatedAt, minimum, summary, previousSummary, lastYearSummary, dataBegins);
        var practicesHeader = WritePractices(workbook.Worksheets.Add(PracticesSheet), card);
        WriteDepartments(workbook.Worksheets.Add("Departments"), departments, disclosed, minimum);
        WriteLeaderboard(workbook.Worksheets.Add("Leaderboard"), board, optedOut);
        await WriteRecognitionAsync(workbook.Worksheets.Add("Recognition"), period, ct);
        var heatmap = await WriteFlowAsync(workbook.Worksheets.Add("Knowledge flow"), period, departments, disclosed, minimum, ct);
        await WriteTopItemsAsync(workbook.Worksheets.Add("Top reused items"), period, ct);
        WriteBarriers(workbook.Worksheets.Add("Barriers"), barrierFigures, disclosed, minimum);
        // Read and drawn before knowledge at risk is awaited: it is the longest of the reads beside, and these run meanwhile.
        var communityFigures = await communities.RunAsync(period, minimum, ct);
        var pictures = ChartPictures(period, trend, card, heatmap, dataBegins);
        WriteKnowledgeAtRisk(workbook.Worksheets.Add(KnowledgeAtRiskSheet), atRisk is null ? await KnowledgeAtRiskAsync(db, period, ct) : await atRisk);
        WriteCommunities(workbook.Worksheets.Add(CommunitiesSheet), communityFigures);
        var chartSheet = workbook.Worksheets.Add(ChartsSheet);
        chartSheet.Column(1).Width = 100;
        foreach (var (picture, title) in pictures)
        {
            SheetWriter.SetCell(chartSheet.Cell(picture.Row, 1), title);
            chartSheet.Cell(picture.Row, 1).Style.Font.Bold = true;
        }

        WriteDefinitions(workbook.Worksheets.Add("Definitions"), minimum);
        WriteStory(story, period, card, heatmap.Top, provisional);
        foreach (var sheet in workbook.Worksheets)
        {
            SheetWriter.SetPrintLayout(sheet, sheet.Name switch
            {
                "Summary" => SummaryHeaderRow, ChartsSheet or StorySheet => 0, PracticesSheet => practicesHeader, _ => 1,
            });
            if (provisional)
                MarkProvisional(sheet, period);
        }

        if (provisional)
        {
            var summarySheet = workbook.Worksheet("Summary");
            SheetWriter.SetCell(summarySheet.Cell(ProvisionalRow, 1), ProvisionalNote(period));
            summarySheet.Cell(ProvisionalRow, 1).Style.Font.Bold = true;
            summarySheet.Cell(ProvisionalRow, 1).Style.Font.FontColor = XLColor.FromHtml("#9C5700");
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        WorkbookPictures.Insert(stream, pictures.Select(p => p.Picture));
        return stream.ToArray();
    }

    private static async Task<IReadOnlyList<Topics.RiskRow>> KnowledgeAtRiskAsync(AnalyticsDbContext context, ReportingPeriod period, CancellationToken ct) =>
        Topics.TopicQueries.KnowledgeAtRisk(await Topics.ExpertiseIndex.BuildScoresAsync(context, period.To, ct, trend: false));

    /// <summary>
    /// Reads started beside the report's own, each on a concurrent reader of its own
    /// (<see cref="AnalyticsDbContext.CreateConcurrentReader"/>). Disposing cancels and waits for those still running, so
    /// none outlives a report that failed; the report awaits each one it uses, and so sees its failure.
    /// </summary>
    private sealed class ReadsBeside(AnalyticsDbContext db, CancellationToken ct) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        private readonly List<Task> _started = [];

        /// <summary>The read running on a reader of its own; null when the database cannot be opened twice (then read it on the report's context).</summary>
        public Task<T>? Start<T>(Func<AnalyticsDbContext, CancellationToken, Task<T>> read)
        {
            if (db.CreateConcurrentReader() is not { } reader)
                return null;
            var token = _stop.Token;
            // Task.Run: SQLite's async methods complete synchronously, so the read would otherwise run before the caller's.
            // Without the token, so that the delegate always runs and disposes its reader; the read itself observes it.
            var task = Task.Run(async () =>
            {
                await using (reader)
                    return await read(reader, token);
            }, CancellationToken.None);
            _started.Add(task);
            return task;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            // Waits without throwing: after a success every read has been awaited; after a failure that failure is the one to report.
            await Task.WhenAny(Task.WhenAll(_started));
            _stop.Dispose();
        }
    }

    /// <summary>Rows a picture takes on the Charts sheet, its title included (default row height 20 px).</summary>
    private static int RowsFor(int heightPixels) => (heightPixels / 20) + 3;

    /// <summary>
    /// Every picture of the Charts sheet, top to bottom, with the title written above it: contributions, each practice's
    /// trend (the scorecard page's pictures), the departments side by side and the knowledge-flow heatmap.
    /// </summary>
    private static List<(SheetPicture Picture, string Title)> ChartPictures(ReportingPeriod period, IReadOnlyList<(DateOnly Month, double Contributions)> trend,
        PracticesScorecard card, FlowMatrix heatmap, DateOnly? dataBegins)
    {
        var list = new List<(SheetPicture, string)>();
        var row = 1;
        void Add(byte[] png, int width, int height, string title)
        {
            // SheetPicture rows are 0-based: row 'row' (0-based) is the sheet row after the 1-based title row.
            list.Add((new SheetPicture(ChartsSheet, png, 0, row, width, height, title), title));
            row += RowsFor(height);
        }

        // A month before the data has no bar and reads n/a, not 0 contributions (as on the overview's chart).
        Add(MonthlyBarChart.RenderPng(new MonthlyChart("Contributions per month", "Contributions", trend) { DataBegins = dataBegins }),
            800, 400, "Contributions per month, last 12 months");
        foreach (var practice in PracticeCatalog.All)
        {
            Add(PracticeCharts.TrendPng(practice, card), PracticeCharts.Width, PracticeCharts.Height,
                $"{practice.Name}: {practice.Headline.Name.ToLowerInvariant()} per month, last 12 months (Practices sheet; Definitions: {practice.Headline.Code})");
        }

        Add(PracticeCharts.DepartmentComparisonPng(card), PracticeCharts.ComparisonWidth, PracticeCharts.ComparisonHeight,
            $"Departments side by side, {period.Label}: each practice's headline indicator (Practices sheet)");
        Add(FlowHeatmapChart.RenderPng(period.Label, heatmap.Labels, heatmap.Values, showsWithin: false, FlowHeatmapWidth, FlowHeatmapHeight), FlowHeatmapWidth, FlowHeatmapHeight,
            $"Cross-team knowledge flow, {period.Label} (Knowledge flow sheet; Definitions: knowledge-flow)");
        return list;
    }

    private const int FlowHeatmapWidth = 900;
    private const int FlowHeatmapHeight = 700;

    /// <summary>The knowledge-flow matrix as drawn: department names, values (NaN within a department), and the largest cross-team cell.</summary>
    private sealed record FlowMatrix(IReadOnlyList<string> Labels, double[,] Values, TopFlow? Top);

    private static void WriteStory(IXLWorksheet sheet, ReportingPeriod period, PracticesScorecard card, TopFlow? topFlow, bool provisional)
    {
        sheet.Column(1).Width = 34;
        sheet.Column(2).Width = 16;
        sheet.Column(3).Width = 16;
        sheet.Column(4).Width = 16;
        SheetWriter.SetCell(sheet.Cell(1, 1), $"Knowledge sharing in {period.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}");
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 16;
        var row = 2;
        if (provisional)
        {
            SheetWriter.SetCell(sheet.Cell(row, 1), ProvisionalNote(period));
            sheet.Cell(row, 1).Style.Font.Bold = true;
            sheet.Cell(row, 1).Style.Font.FontColor = XLColor.FromHtml("#9C5700");
            row++;
        }

        row++;
        var previousName = card.PreviousMonth.From.ToString("MMM yyyy", CultureInfo.InvariantCulture);
        SheetWriter.WriteTable(sheet, [new("In numbers: each practice's headline", 34), new(period.Label, 16), new(previousName, 16), new("Change", 16)],
            PracticeCatalog.All.Select(p => (IReadOnlyList<object?>)
            [
                $"{p.Name}: {p.Headline.Name.ToLowerInvariant()}",
                PracticeFormat.Value(p.Headline, card.Current.GetValueOrDefault(p.Headline.Code)),
                PracticeFormat.Value(p.Headline, card.Previous?.GetValueOrDefault(p.Headline.Code)),
                PracticeFormat.Change(p.Headline, card.Current.GetValueOrDefault(p.Headline.Code), card.Previous?.GetValueOrDefault(p.Headline.Code)),
            ]), row, freezeAndFilter: false);
        for (var c = 2; c <= 4; c++)
            sheet.Range(row + 1, c, row + PracticeCatalog.All.Count, c).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
        row += PracticeCatalog.All.Count + 2;

        SheetWriter.SetCell(sheet.Cell(row, 1), "What happened");
        sheet.Cell(row, 1).Style.Font.Bold = true;
        foreach (var sentence in MonthStory.Tell(card, topFlow))
        {
            row++;
            SheetWriter.SetCell(sheet.Cell(row, 1), sentence);
            // Across the four columns, wrapped: a sentence must print inside the page width like the table above it.
            sheet.Range(row, 1, row, 4).Merge();
            sheet.Cell(row, 1).Style.Alignment.WrapText = true;
            sheet.Cell(row, 1).Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
            sheet.Row(row).Height = 15 * Math.Max(1, (int)Math.Ceiling(sentence.Length / 80.0));
        }

        SheetWriter.SetCell(sheet.Cell(row + 2, 1), "Every figure here is a cell of the Practices sheet (Knowledge flow sheet for the flow); "
            + "the Definitions sheet defines each by its code. Changes: percentage points (pts) for shares, relative (%) otherwise; n/a where there is nothing to compare.");
    }

    /// <summary>
    /// Contributions per month with <see cref="MetricsQuery"/>'s definition of the company figure, from the monthly
    /// roll-ups (<see cref="MetricsQuery.ContributionsByMonthAsync"/>): a year of person-day rows was 3 s of the report on
    /// the 5M benchmark database.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Month, double Contributions)>> ContributionsByMonthAsync(DateOnly first, DateOnly last, CancellationToken ct) =>
        (await metrics.ContributionsByMonthAsync(first, last, ct)).Select(m => (m.Month, (double)m.Contributions)).ToList();

    private static void WriteSummary(IXLWorksheet sheet, ReportingPeriod period, DateTimeOffset generatedAt, int minimum,
        SummaryFigures now, SummaryFigures? previous, SummaryFigures? lastYear, DateOnly? dataBegins)
    {
        SheetWriter.SetCell(sheet.Cell(1, 1), "Knowledge-sharing monthly report");
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        SheetWriter.SetCell(sheet.Cell(2, 1), "Period");
        SheetWriter.SetCell(sheet.Cell(2, 2), period.Label);
        SheetWriter.SetCell(sheet.Cell(3, 1), "From");
        SheetWriter.SetCell(sheet.Cell(3, 2), period.From);
        SheetWriter.SetCell(sheet.Cell(4, 1), "To");
        SheetWriter.SetCell(sheet.Cell(4, 2), period.To);
        SheetWriter.SetCell(sheet.Cell(5, 1), "Generated at (UTC)");
        SheetWriter.SetCell(sheet.Cell(5, 2), generatedAt);
        SheetWriter.SetCell(sheet.Cell(6, 1), string.Create(CultureInfo.InvariantCulture,
            $"Groups under {minimum} people are suppressed; people who opted out are not ranked."));

        var header = SummaryHeaderRow - 1;
        var columns = new SheetColumn[]
        {
            new("KPI", 28), new("This month", 14), new("Previous month", 16), new("Month-over-month", 18),
            new("Same month last year", 20), new("Year-over-year", 16),
        };
        var kpis = Kpis(now);
        var before = previous is null ? null : Kpis(previous);
        var yearBefore = lastYear is null ? null : Kpis(lastYear);
        var rows = kpis.Select((k, i) => (IReadOnlyList<object?>)
        [
            k.Name, k.Value,
            before is null ? NotAvailable : before[i].Value, ChangeCell(k, before?[i]),
            yearBefore is null ? NotAvailable : yearBefore[i].Value, ChangeCell(k, yearBefore?[i]),
        ]).ToList();
        var next = SheetWriter.WriteTable(sheet, columns, rows, header + 1, freezeAndFilter: false);
        sheet.SheetView.FreezeRows(header + 1);
        sheet.Range(header + 1, 1, header + kpis.Count + 1, columns.Length).SetAutoFilter();
        for (var i = 0; i < kpis.Count; i++)
        {
            var row = header + 2 + i;
            foreach (var c in new[] { 2, 3, 5 })
                sheet.Cell(row, c).Style.NumberFormat.Format = SheetWriter.CountFormat(kpis[i].Format, kpis[i].Value);
            foreach (var c in new[] { 4, 6 })
                sheet.Cell(row, c).Style.NumberFormat.Format = kpis[i].IsRate ? PointsChangeFormat : RelativeChangeFormat;
        }

        SheetWriter.SetCell(sheet.Cell(next + 1, 1),
            "Changes are relative (%) for counts and in percentage points (pts) for rates, as on the dashboard. "
            + (dataBegins is { } begins
                ? string.Create(CultureInfo.InvariantCulture, $"n/a: no comparison, because the data begins on {begins:yyyy-MM-dd} or the earlier figure is 0.")
                : "n/a: no comparison, because no activity has been aggregated yet."));
    }

    public const string NotAvailable = "n/a";
    public const string RelativeChangeFormat = "+0.0%;-0.0%;0.0%";
    public const string PointsChangeFormat = "+0.0\" pts\";-0.0\" pts\";0.0\" pts\"";

    /// <summary>The change cell: relative for counts, percentage points for rates (the dashboard's rule), n/a when there is nothing to compare.</summary>
    private static object ChangeCell((string Name, double? Value, string Format, bool IsRate) now, (string Name, double? Value, string Format, bool IsRate)? before)
    {
        if (before is not { Value: { } b } || now.Value is not { } n)
            return NotAvailable;
        if (now.IsRate)
            return Math.Round((n - b) * 100, 6);
        return Change(n, b) is { } relative ? relative : NotAvailable;
    }

    /// <summary>Row of the Summary that says a report is provisional (free in a final report).</summary>
    public const int ProvisionalRow = 7;

    public static string ProvisionalNote(ReportingPeriod period) =>
        $"PROVISIONAL: {period.Label} is not closed yet; its figures can still change until the month is closed and its report stored.";

    /// <summary>An amber tab and a print header on every sheet: a provisional page is never mistaken for the final one.</summary>
    private static void MarkProvisional(IXLWorksheet sheet, ReportingPeriod period)
    {
        sheet.SetTabColor(XLColor.FromHtml("#FFC000"));
        sheet.PageSetup.Header.Center.AddText($"PROVISIONAL: {period.Label} is not closed", XLHFOccurrence.AllPages);
    }

    /// <summary>Row of the KPI table's header on the Summary sheet.</summary>
    public const int SummaryHeaderRow = 8;

    /// <summary>The Summary's figures of one month: the company metrics and the answer rate of the Barriers sheet.</summary>
    public sealed record SummaryFigures(CompanyMetrics Company, double? AnswerRate);

    public static IReadOnlyList<(string Name, double? Value, string Format, bool IsRate)> Kpis(SummaryFigures figures)
    {
        var m = figures.Company;
        return
        [
            ("Headcount", m.Headcount, SheetWriter.IntegerFormat, false),
            ("Active contributors", m.ActiveContributors, SheetWriter.IntegerFormat, false),
            ("Active-contributor rate", m.ActiveContributorRate, SheetWriter.PercentFormat, true),
            ("Contributions", m.Contributions, SheetWriter.IntegerFormat, false),
            ("Reuse received", m.ReuseReceived, SheetWriter.DecimalFormat, false),
            ("Cross-team reuse", m.CrossTeamReuseReceived, SheetWriter.DecimalFormat, false),
            ("Reuse ratio", m.ReuseRatio, "0.00", false),
            ("Answer rate", figures.AnswerRate, SheetWriter.PercentFormat, true),
            ("Completions", m.Completions, SheetWriter.IntegerFormat, false),
            ("Mentoring hours", m.MentoringHours, SheetWriter.DecimalFormat, false),
        ];
    }

    /// <summary>Relative change; none when there is nothing to compare with.</summary>
    public static double? Change(double? now, double? before) =>
        now is { } n && before is { } b && b != 0 ? (n - b) / b : null;

    private static void WriteDepartments(IXLWorksheet sheet, IReadOnlyList<DepartmentMetrics> departments, IReadOnlySet<int> disclosed, int minimum)
    {
        var columns = new SheetColumn[]
        {
            new("Code", 12), new("Department", 32), new("Level", 8, "0"), new("Headcount", 12, SheetWriter.IntegerFormat),
            new("Active contributors", 18, SheetWriter.IntegerFormat), new("Active-contributor rate", 22, SheetWriter.PercentFormat),
            new("Contributions", 14, SheetWriter.IntegerFormat), new("Reuse received", 16, SheetWriter.DecimalFormat),
            new("Cross-team reuse", 16, SheetWriter.DecimalFormat), new("Reuse ratio", 12, "0.00"),
            new("Completions", 13, SheetWriter.IntegerFormat), new("Mentoring hours", 16, SheetWriter.DecimalFormat), new("Note", 30),
        };
        SheetWriter.WriteTable(sheet, columns, departments.Select(d => !disclosed.Contains(d.DepartmentId)
            ? (IReadOnlyList<object?>)[d.Code, d.Name, d.Depth, null, null, null, null, null, null, null, null, null, d.Headcount < minimum
                ? string.Create(CultureInfo.InvariantCulture, $"{Suppressed}: fewer than {minimum} people")
                : $"{Suppressed}: would reveal a smaller group by subtraction"]
            : [d.Code, d.Name, d.Depth, d.Headcount, d.ActiveContributors, d.ActiveContributorRate, d.Contributions, d.ReuseReceived,
                d.CrossTeamReuseReceived, d.ReuseRatio, d.Completions, d.MentoringHours, null]));
    }

    /// <summary>The Communities page's figures for the month (CommunityHealthQuery, the same minimum and subtraction rule, ADR 1712).</summary>
    private static void WriteCommunities(IXLWorksheet sheet, CommunitiesHealth health)
    {
        var columns = new SheetColumn[]
        {
            new("Community", 32), new("Channels, spaces and tags", 40), new("Members", 10, SheetWriter.IntegerFormat),
            new("People in 12 months", 18, SheetWriter.IntegerFormat), new("Active share", 12, SheetWriter.PercentFormat),
            new("Departments", 12, SheetWriter.IntegerFormat), new("Contributions", 14, SheetWriter.IntegerFormat),
            new("Questions", 12, SheetWriter.IntegerFormat), new("Answered within 7 days", 22, SheetWriter.IntegerFormat),
            new("Answer rate", 12, SheetWriter.PercentFormat), new("Median hours to first answer", 26, SheetWriter.DecimalFormat),
            new("Reuse events", 14, SheetWriter.DecimalFormat), new("Cross-department reuse", 22, SheetWriter.DecimalFormat),
            new("Cross-department share", 22, SheetWriter.PercentFormat), new("Note", 40),
        };
        var next = SheetWriter.WriteTable(sheet, columns, health.Communities.Select(c =>
        {
            var definition = string.Join(", ", c.Definition.Select(m => $"{m.Value} ({m.Source})"));
            return c.Figures is not { } f
                ? (IReadOnlyList<object?>)[c.Name, definition, null, null, null, null, null, null, null, null, null, null, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"{Suppressed}: fewer than {health.MinimumGroupSize} active members, or recoverable by subtraction")]
                : [c.Name, definition, f.Members, f.PeopleOverYear, f.ActiveShare, f.Departments, f.Contributions, f.Answers.Questions, f.Answers.Answered,
                    f.Answers.Rate, f.Answers.MedianTimeToFirstAnswer?.TotalHours, f.ReuseEvents, f.CrossDepartmentReuse, f.CrossDepartmentShare, null];
        }));
        if (health.Communities.Count == 0)
            SheetWriter.SetCell(sheet.Cell(next + 1, 1), "No community of practice is defined: HR defines them on the Communities page.");
    }

    private static void WriteLeaderboard(IXLWorksheet sheet, LeaderboardView board, HashSet<int> optedOut)
    {
        var columns = new SheetColumn[] { new("Rank", 8, "0"), new("Name", 32), new("Department", 14), new("Points", 12, SheetWriter.DecimalFormat) };
        SheetWriter.WriteTable(sheet, columns, board.Rows.Where(r => !optedOut.Contains(r.PersonId))
            .Select(r => (IReadOnlyList<object?>)[r.Rank, r.Name, r.Department, r.Value]));
    }

    private async Task WriteRecognitionAsync(IXLWorksheet sheet, ReportingPeriod period, CancellationToken ct)
    {
        // Awards count in the month they were approved (DecidedAt); read from the table the recognition feature owns.
        var from = new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var to = new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var awards = await db.RecognitionAwards.AsNoTracking()
            .Where(a => a.Status == AwardStatus.Approved)
            .Select(a => new { a.RecipientId, Name = a.Recipient!.DisplayName, a.Points, a.Category, a.DecidedAt, a.CreatedAt })
            .ToListAsync(ct);
        var rows = awards.Where(a => (a.DecidedAt ?? a.CreatedAt) >= from && (a.DecidedAt ?? a.CreatedAt) < to)
            .GroupBy(a => (a.RecipientId, a.Name))
            .Select(g => (IReadOnlyList<object?>)[g.Key.Name, g.Count(), g.Sum(a => a.Points),
                string.Join(", ", g.Select(a => a.Category.ToString()).Distinct().Order(StringComparer.Ordinal))])
            // The points are a boxed int: unboxing them as double threw as soon as two recipients were sorted.
            .OrderByDescending(r => (int)r[2]!).ThenBy(r => (string)r[0]!, StringComparer.Ordinal)
            .ToList();
        var columns = new SheetColumn[] { new("Recipient", 32), new("Approved awards", 16, SheetWriter.IntegerFormat), new("Points", 12, SheetWriter.IntegerFormat), new("Categories", 40) };
        var next = SheetWriter.WriteTable(sheet, columns, rows.Select(r => (IReadOnlyList<object?>)[r[0], r[1], (int)r[2]!, r[3]]));
        SheetWriter.SetCell(sheet.Cell(next + 1, 1), rows.Count == 0
            ? $"No award was approved in {period.Label}."
            : "Awards count in the month they were approved; pending and rejected awards are not shown.");
    }

    private async Task<FlowMatrix> WriteFlowAsync(IXLWorksheet sheet, ReportingPeriod period, IReadOnlyList<DepartmentMetrics> departments,
        IReadOnlySet<int> disclosed, int minimum, CancellationToken ct)
    {
        // The dashboard's matrix: department groups (with everything under them), disclosed ones only, not the root.
        var cells = await barriers.GroupFlowsAsync(period, ct);
        var company = MetricsQuery.CompanyGroup(departments);
        var shown = departments.Where(d => d.DepartmentId != company && disclosed.Contains(d.DepartmentId)).ToList();
        var involved = shown.Where(d => cells.Any(c => c.Value > 0 && (c.Key.Author == d.DepartmentId || c.Key.Reuser == d.DepartmentId)
            && disclosed.Contains(c.Key.Author) && disclosed.Contains(c.Key.Reuser))).ToList();

        var columns = new List<SheetColumn> { new("Author department \\ reused by", 30) };
        columns.AddRange(involved.Select(d => new SheetColumn(d.Code, 12, SheetWriter.DecimalFormat)));
        var next = SheetWriter.WriteTable(sheet, columns, involved.Select(author => (IReadOnlyList<object?>)
            [author.Code, .. involved.Select(reuser => (object?)(cells.TryGetValue((author.DepartmentId, reuser.DepartmentId), out var e) && e > 0 ? Math.Round(e, 4) : null))]));
        ShadeFlow(sheet, involved.Count);
        SheetWriter.SetCell(sheet.Cell(next + 1, 1), "Reuse events of the month: rows are the departments (with everything under them) whose people wrote the item, columns the departments that reused it.");
        SheetWriter.SetCell(sheet.Cell(next + 3, 1), "Colour: darker is more reuse between two departments. Reuse inside a department (the grey diagonal) is left out of the scale, so cross-team flow stays readable.");
        SheetWriter.SetCell(sheet.Cell(next + 2, 1), string.Create(CultureInfo.InvariantCulture,
            $"Departments under {minimum} people, or whose figures would reveal one by subtraction, are {Suppressed}."));

        // The Charts sheet's heatmap is this matrix with the reuse within a department (a group with itself or one inside it) not drawn, as on the page (ADR 2102).
        static bool Nested(DepartmentMetrics a, DepartmentMetrics b) =>
            a.Path.StartsWith(b.Path, StringComparison.Ordinal) || b.Path.StartsWith(a.Path, StringComparison.Ordinal);
        var values = new double[involved.Count, involved.Count];
        TopFlow? top = null;
        for (var r = 0; r < involved.Count; r++)
        {
            for (var c = 0; c < involved.Count; c++)
            {
                var events = cells.GetValueOrDefault((involved[r].DepartmentId, involved[c].DepartmentId));
                values[r, c] = Nested(involved[r], involved[c]) ? double.NaN : events;
                if (!Nested(involved[r], involved[c]) && events > 0 && (top is null || events > top.Events))
                    top = new TopFlow(involved[r].Name, involved[c].Name, Math.Round(events, 4));
            }
        }

        return new FlowMatrix(involved.Select(d => d.Name).ToList(), values, top);
    }

    /// <summary>
    /// The practices scorecard (the /Practices page's figures): the company's indicators against the month before and a
    /// year before, then each department's; numbers are numbers, n/a is text. Returns the header row to repeat in print.
    /// </summary>
    private static int WritePractices(IXLWorksheet sheet, PracticesScorecard card)
    {
        var month = card.Month.Label;
        var previous = card.PreviousMonth.Label;
        var yearBefore = card.YearBeforeMonth.Label;
        var columns = new SheetColumn[]
        {
            new("Practice", 30), new("Indicator", 32), new("Definition code", 26), new(month, 12), new(previous, 12), new("Change on " + previous, 18),
            new(yearBefore, 12), new("Change on " + yearBefore, 18),
        };
        var indicators = PracticeCatalog.All.SelectMany(p => p.Indicators.Select(i => (Practice: p, Indicator: i))).ToList();
        var next = SheetWriter.WriteTable(sheet, columns, indicators.Select(x =>
        {
            var now = card.Current.GetValueOrDefault(x.Indicator.Code);
            var before = card.Previous?.GetValueOrDefault(x.Indicator.Code);
            var yearAgo = card.YearBefore?.GetValueOrDefault(x.Indicator.Code);
            return (IReadOnlyList<object?>)
            [
                x.Practice.Name, x.Indicator.Name, x.Indicator.Code, ValueCell(now), ValueCell(before),
                ChangeCell(x.Indicator, now, before), ValueCell(yearAgo), ChangeCell(x.Indicator, now, yearAgo),
            ];
        }));
        for (var i = 0; i < indicators.Count; i++)
        {
            foreach (var c in new[] { 4, 5, 7 })
                sheet.Cell(2 + i, c).Style.NumberFormat.Format = IndicatorFormat(indicators[i].Indicator);
            foreach (var c in new[] { 6, 8 })
                sheet.Cell(2 + i, c).Style.NumberFormat.Format = indicators[i].Indicator.IsShare ? PointsChangeFormat : RelativeChangeFormat;
            foreach (var c in new[] { 4, 5, 6, 7, 8 })
                sheet.Cell(2 + i, c).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
        }

        var at = next + 1;
        SheetWriter.SetCell(sheet.Cell(at, 1), string.Create(CultureInfo.InvariantCulture,
            $"Departments in {month} (each with everything under it; groups under {card.MinimumGroupSize} people, or that would reveal one by subtraction, are {Suppressed})"));
        sheet.Cell(at, 1).Style.Font.Bold = true;
        var departmentColumns = new List<SheetColumn> { new("Department", 30), new("Headcount", 12, SheetWriter.IntegerFormat) };
        departmentColumns.AddRange(indicators.Select(x => new SheetColumn(x.Indicator.Code, 14, IndicatorFormat(x.Indicator))));
        departmentColumns.Add(new SheetColumn("Note", 40));
        SheetWriter.WriteTable(sheet, departmentColumns, card.Departments.Select(d => (IReadOnlyList<object?>)
            [$"{d.Name} ({d.Code})", d.Shown ? (object)d.Headcount : null,
                .. indicators.Select(x => d.Shown ? ValueCell(d.Values.GetValueOrDefault(x.Indicator.Code)) : null),
                d.Shown ? null : $"{Suppressed}: {d.Note}"]), at + 1, freezeAndFilter: false);
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, next - 1, columns.Length).SetAutoFilter();
        return 1;

        static object ValueCell(double? value) => value is { } v ? v : NotAvailable;
        static object ChangeCell(PracticeIndicator indicator, double? now, double? before) =>
            PracticeCatalog.Change(indicator, now, before) is { } change ? Math.Round(change, 6) : NotAvailable;
    }

    /// <summary>The number format of an indicator's value: the page's (0.0% for shares, 0.00 per head and ratios, whole counts).</summary>
    public static string IndicatorFormat(PracticeIndicator indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return indicator.Kind switch
        {
            IndicatorKind.Share => SheetWriter.PercentFormat,
            IndicatorKind.Count => SheetWriter.IntegerFormat,
            _ => "0.00",
        };
    }

    /// <summary>
    /// A white-to-blue fill over the cross-department cells only, scaled to the largest of them; the diagonal (reuse
    /// at home, far larger) is grey and outside the scale. Fills, not conditional formatting: every viewer shows them,
    /// and Excel's colour scale cannot leave the diagonal out of one range.
    /// </summary>
    private static void ShadeFlow(IXLWorksheet sheet, int departments)
    {
        var across = new List<(IXLCell Cell, double Value)>();
        for (var r = 0; r < departments; r++)
        {
            for (var c = 0; c < departments; c++)
            {
                var cell = sheet.Cell(2 + r, 2 + c);
                if (r == c)
                    cell.Style.Fill.BackgroundColor = XLColor.FromHtml(DiagonalFill);
                else if (cell.DataType == XLDataType.Number)
                    across.Add((cell, cell.GetDouble()));
            }
        }

        var max = across.Count == 0 ? 0 : across.Max(a => a.Value);
        if (max <= 0)
            return;
        foreach (var (cell, value) in across)
        {
            var share = value / max;
            // From white (255,255,255) to #2B6CB0 (43,108,176); white text once the fill is dark.
            int Mix(int to) => (int)Math.Round(255 + ((to - 255) * share));
            cell.Style.Fill.BackgroundColor = XLColor.FromArgb(Mix(43), Mix(108), Mix(176));
            if (share > 0.6)
                cell.Style.Font.FontColor = XLColor.White;
        }
    }

    public const string DiagonalFill = "#E7E6E6";

    private async Task WriteTopItemsAsync(IXLWorksheet sheet, ReportingPeriod period, CancellationToken ct)
    {
        var from = period.From.ToDateTime(TimeOnly.MinValue);
        var to = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var types = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var top = await db.Activities.AsNoTracking()
            .Where(a => a.OccurredAt >= from && a.OccurredAt < to && a.ItemId != null && types.Contains(a.Type))
            .GroupBy(a => a.ItemId)
            .Select(g => new { ItemId = g.Key!.Value, Events = g.Sum(a => a.Quantity) })
            .OrderByDescending(x => x.Events).ThenBy(x => x.ItemId)
            .Take(options.Value.TopRows)
            .ToListAsync(ct);
        var ids = top.Select(t => t.ItemId).ToList();
        var items = await db.KnowledgeItems.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.Title, i.Url, Source = i.SourceSystem!.Name }).ToDictionaryAsync(i => i.Id, ct);
        var columns = new SheetColumn[] { new("Rank", 8, "0"), new("Item", 50), new("Source", 16), new("Reuse events", 14, SheetWriter.DecimalFormat), new("Link", 50) };
        SheetWriter.WriteTable(sheet, columns, top.Select((t, i) =>
        {
            var item = items.GetValueOrDefault(t.ItemId);
            return (IReadOnlyList<object?>)[i + 1, item?.Title ?? $"item {t.ItemId}", item?.Source, t.Events, item?.Url];
        }));
    }

    private static void WriteBarriers(IXLWorksheet sheet, Barriers figures, IReadOnlySet<int> disclosed, int minimum)
    {
        var columns = new SheetColumn[] { new("Barrier", 40), new("Value", 14), new("Unit", 20) };
        var a = figures.Answers;
        var c = figures.Concentration;
        var rows = new List<IReadOnlyList<object?>>
        {
            new object?[] { "Questions asked", a.Questions, "questions" },
            new object?[] { "Questions answered within the window", a.Answered, "questions" },
            new object?[] { "Answer rate", a.Rate, "share" },
            new object?[] { "Median time to first answer", a.MedianTimeToFirstAnswer?.TotalHours, "hours" },
            new object?[] { "Contributors", c.Contributors, "people" },
            new object?[] { "Share of contributions by the top 10%", c.TopShare, "share" },
            new object?[] { "Gini coefficient of contributions", c.Gini, "0 (even) to 1" },
            new object?[] { "Stale items", figures.StaleItems, "items" },
        };
        var next = SheetWriter.WriteTable(sheet, columns, rows);
        foreach (var r in new[] { 4, 7 })
            sheet.Cell(r, 2).Style.NumberFormat.Format = SheetWriter.PercentFormat;
        sheet.Cell(5, 2).Style.NumberFormat.Format = SheetWriter.DecimalFormat;
        sheet.Cell(8, 2).Style.NumberFormat.Format = "0.00";

        var siloColumns = new SheetColumn[]
        {
            new("Department", 40), new("Reuse of own knowledge", 14, SheetWriter.DecimalFormat), new("From other departments", 20, SheetWriter.DecimalFormat),
            new("Silo", 8), new("Reuse by own people", 20, SheetWriter.DecimalFormat), new("Of other departments", 20, SheetWriter.DecimalFormat),
        };
        SheetWriter.SetCell(sheet.Cell(next + 1, 1), "Silos by department");
        sheet.Cell(next + 1, 1).Style.Font.Bold = true;
        var afterSilos = SheetWriter.WriteTable(sheet, siloColumns, figures.Departments.Where(s => disclosed.Contains(s.DepartmentId))
            .Select(s => (IReadOnlyList<object?>)[$"{s.Name} ({s.Code})", s.ReuseOfOwnKnowledge, s.FromOtherDepartments, s.IsSilo ? "yes" : "no",
                s.ReuseByOwnPeople, s.OfOtherDepartments]), next + 2, freezeAndFilter: false);
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, next - 1, columns.Length).SetAutoFilter();

        var staleAt = afterSilos + 1;
        SheetWriter.SetCell(sheet.Cell(staleAt, 1), "Most reused stale items");
        sheet.Cell(staleAt, 1).Style.Font.Bold = true;
        SheetWriter.WriteTable(sheet, [new("Item", 40), new("Last edited (UTC)", 18), new("Reuse records", 14, SheetWriter.IntegerFormat), new("Link", 50)],
            figures.MostReusedStale.Select(s => (IReadOnlyList<object?>)[s.Title ?? $"item {s.ItemId}",
                // Excel has no dates before 1900; an unknown or zero edit time is left blank.
                s.LastEditedAt is { Year: >= 1900 } edited ? edited : null, s.ReuseRecords, s.Url]),
            staleAt + 1, freezeAndFilter: false);
    }

    private static void WriteKnowledgeAtRisk(IXLWorksheet sheet, IReadOnlyList<Topics.RiskRow> rows)
    {
        var columns = new SheetColumn[]
        {
            new("Rank", 8, SheetWriter.IntegerFormat), new("Topic", 28), new("Bus factor", 10, SheetWriter.IntegerFormat),
            new("People with evidence", 12, SheetWriter.IntegerFormat), new("Share held by leavers", 12, SheetWriter.PercentFormat),
            new("Main contributors", 50), new("Why", 70),
        };
        SheetWriter.WriteTable(sheet, columns, rows.Select(r => (IReadOnlyList<object?>)[r.Rank, r.Topic, r.BusFactor, r.Contributors, r.LeaversShare,
            r.DescribeMain(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Share:P0}")
                + (p.LeaveDate is { } d ? " (leave date " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : "")), r.Why]));
    }

    private static void WriteDefinitions(IXLWorksheet sheet, int minimum)
    {
        var columns = new SheetColumn[] { new("Code", 28), new("Metric", 30), new("Unit", 16), new("Definition", 100) };
        var rows = MetricCatalog.All.Select(m => (IReadOnlyList<object?>)[m.Code, m.Name, m.Unit, m.Description]).ToList();
        // The Practices sheet's indicators, by the codes its "Definition code" column and the chart titles give.
        rows.AddRange(PracticeCatalog.All.SelectMany(p => p.Indicators.Select(i => (IReadOnlyList<object?>)
            [i.Code, $"{i.Name} ({p.Name})", i.Kind.ToString().ToLowerInvariant(), i.Description])));
        rows.Add(["minimum-group-size", "Minimum group size", "people", string.Create(CultureInfo.InvariantCulture,
            $"Figures of groups with fewer than {minimum} people are suppressed.")]);
        rows.Add(["exclusions", "Exclusions", "", MetricCatalog.ExclusionsInWords]);
        SheetWriter.WriteTable(sheet, columns, rows);
        sheet.Column(4).Style.Alignment.WrapText = true;
    }
}

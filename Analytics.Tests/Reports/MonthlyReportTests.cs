using System.Net;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Reports;

public sealed class MonthlyReportTests(MonthlyReportTests.Factory factory) : IClassFixture<MonthlyReportTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private AnalyticsWebFactory Web => factory.Web;

    private static ReportingPeriod LastMonth()
    {
        var today = DateTime.UtcNow;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<byte[]> BuildAsync(ReportingPeriod period) =>
        InScopeAsync(s => s.GetRequiredService<MonthlyReportBuilder>().BuildAsync(period, DateTimeOffset.UtcNow, CancellationToken.None));

    [Fact]
    public async Task The_charts_trend_equals_the_company_contributions_of_the_metrics_query_month_by_month()
    {
        var period = LastMonth();
        var first = period.From.AddMonths(-2);
        var (trend, expected) = await InScopeAsync(async s =>
        {
            var trend = await s.GetRequiredService<MonthlyReportBuilder>().ContributionsByMonthAsync(first, period.From, CancellationToken.None);
            var expected = new List<double>();
            for (var month = first; month <= period.From; month = month.AddMonths(1))
                expected.Add((await s.GetRequiredService<MetricsQuery>().ByDepartmentAsync(ReportingPeriod.Month(month.Year, month.Month), CancellationToken.None)).Company.Contributions);
            return (trend, expected);
        });

        Assert.Equal(3, trend.Count);
        Assert.All(expected, e => Assert.True(e > 0));
        Assert.Equal(expected, trend.Select(t => t.Contributions));
    }

    [Fact]
    public async Task The_communities_sheet_has_the_figures_of_the_communities_page_for_the_same_month()
    {
        var period = LastMonth();
        var bytes = await BuildAsync(period);
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using var client = Web.CreateClient();
        await SignIn.AsAsync(client, "leadership");
        var html = await client.GetStringAsync("/Communities?period=" + period.Label);

        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
        var sheet = workbook.Worksheet("Communities");
        var headers = sheet.Row(1).CellsUsed().ToDictionary(c => c.GetString(), c => c.Address.ColumnNumber);
        var rows = sheet.RowsUsed().Skip(1).ToList();
        Assert.True(rows.Count >= 5, "the demo's communities");
        var shown = 0;
        foreach (var row in rows)
        {
            var name = row.Cell(1).GetString();
            var line = System.Text.RegularExpressions.Regex.Match(html,
                "<tr data-community=\"\\d+\">\\s*<th scope=\"row\"><a [^>]*>" + System.Text.RegularExpressions.Regex.Escape(System.Net.WebUtility.HtmlEncode(name)) + "</a></th>(.*?)</tr>",
                System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(line.Success, $"{name} is not on the page");
            var members = System.Text.RegularExpressions.Regex.Match(line.Groups[1].Value, "data-metric=\"members\">(\\d+)<");
            if (members.Success)
            {
                Assert.Equal(int.Parse(members.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), row.Cell(headers["Members"]).GetValue<int>());
                var departments = System.Text.RegularExpressions.Regex.Match(line.Groups[1].Value, "data-metric=\"departments\">(\\d+)<");
                Assert.Equal(int.Parse(departments.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), row.Cell(headers["Departments"]).GetValue<int>());
                Assert.True(row.Cell(headers["Note"]).IsEmpty());
                shown++;
            }
            else
            {
                Assert.Contains("data-suppressed", line.Groups[1].Value, StringComparison.Ordinal);
                Assert.True(row.Cell(headers["Members"]).IsEmpty());
                Assert.StartsWith(MonthlyReportBuilder.Suppressed, row.Cell(headers["Note"]).GetString(), StringComparison.Ordinal);
            }
        }

        Assert.True(shown > 0, "no community shows figures");
    }

    [Fact]
    public async Task The_workbook_is_valid_has_every_sheet_and_matches_the_dashboard_queries()
    {
        var period = LastMonth();
        var bytes = await BuildAsync(period);
        Assert.Empty(Workbooks.ValidationErrors(bytes));

        var (company, departments) = await InScopeAsync(s => s.GetRequiredService<MetricsQuery>().ByDepartmentAsync(period, CancellationToken.None));
        var board = await InScopeAsync(s => s.GetRequiredService<LeaderboardQuery>().RunAsync(new LeaderboardFilter(period, Top: 25), CancellationToken.None));
        Assert.True(company.Contributions > 0);

        Assert.Equal(1 + PracticeCatalog.All.Count + 2, Workbooks.PictureCount(bytes, "Charts")); // contributions, each practice, departments, flow
        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
        Assert.Equal(MonthlyReportBuilder.SheetNames, workbook.Worksheets.Select(w => w.Name));

        var summary = workbook.Worksheet("Summary");
        Assert.Equal(period.From.ToDateTime(TimeOnly.MinValue), summary.Cell(3, 2).GetDateTime());
        var answers = await InScopeAsync(s => s.GetRequiredService<BarriersQuery>().RunAsync(period, CancellationToken.None));
        var kpis = MonthlyReportBuilder.Kpis(new MonthlyReportBuilder.SummaryFigures(company, answers.Answers.Rate));
        Assert.Contains(kpis, k => k.Name == "Answer rate" && k.Value is > 0);
        for (var i = 0; i < kpis.Count; i++)
        {
            var row = MonthlyReportBuilder.SummaryHeaderRow + 1 + i;
            Assert.Equal(kpis[i].Name, summary.Cell(row, 1).GetString());
            if (kpis[i].Value is { } value)
            {
                Assert.Equal(XLDataType.Number, summary.Cell(row, 2).DataType);
                Assert.Equal(value, summary.Cell(row, 2).GetDouble(), 9);
            }
        }

        var sheet = workbook.Worksheet("Departments");
        Assert.True(sheet.SheetView.SplitRow == 1, "header frozen");
        Assert.NotNull(sheet.AutoFilter);
        var byCode = departments.ToDictionary(d => d.Code);
        var disclosed = MetricsQuery.Disclosed(departments, 5);
        var shown = 0;
        for (var row = 2; row <= sheet.LastRowUsed()!.RowNumber(); row++)
        {
            var d = byCode[sheet.Cell(row, 1).GetString()];
            if (!disclosed.Contains(d.DepartmentId))
            {
                Assert.True(sheet.Cell(row, 4).IsEmpty() && sheet.Cell(row, 7).IsEmpty(), $"{d.Code} has {d.Headcount} people or reveals a smaller group and must be suppressed");
                continue;
            }

            shown++;
            Assert.Equal(d.Headcount, sheet.Cell(row, 4).GetDouble());
            Assert.Equal(d.Contributions, sheet.Cell(row, 7).GetDouble());
            Assert.Equal(d.ReuseReceived, sheet.Cell(row, 8).GetDouble(), 9);
        }

        Assert.True(shown > 0);
        Assert.Equal(departments.Count, sheet.LastRowUsed()!.RowNumber() - 1);

        var leaderboard = workbook.Worksheet("Leaderboard");
        Assert.Equal(board.Rows.Count, leaderboard.LastRowUsed()!.RowNumber() - 1);
        for (var i = 0; i < board.Rows.Count; i++)
        {
            Assert.Equal(board.Rows[i].Rank, leaderboard.Cell(i + 2, 1).GetDouble());
            Assert.Equal(board.Rows[i].Name, leaderboard.Cell(i + 2, 2).GetString());
            Assert.Equal(board.Rows[i].Value, leaderboard.Cell(i + 2, 4).GetDouble(), 9);
        }

        var definitions = workbook.Worksheet("Definitions");
        Assert.Equal(MetricCatalog.All.Count + PracticeCatalog.Indicators.Count() + 3, definitions.LastRowUsed()!.RowNumber());
        foreach (var s in workbook.Worksheets)
            Assert.True(s.Column(1).Width > 0);
    }

    [Fact]
    public async Task The_summary_compares_only_with_covered_months_rates_change_in_points_counts_have_no_decimals()
    {
        var period = LastMonth();
        var previous = ReportingPeriod.Month(period.From.AddMonths(-1).Year, period.From.AddMonths(-1).Month);
        var (now, before, begins) = await InScopeAsync(async s =>
        {
            var metrics = s.GetRequiredService<MetricsQuery>();
            var db = s.GetRequiredService<AnalyticsDbContext>();
            return ((await metrics.ByDepartmentAsync(period, CancellationToken.None)).Company,
                (await metrics.ByDepartmentAsync(previous, CancellationToken.None)).Company,
                await db.DailyPersonMetrics.MinAsync(m => m.Day));
        });
        // The demo's history is twelve months: last month a year ago lies before it, the month before last inside it.
        Assert.True(begins <= previous.From && begins > period.From.AddYears(-1), $"demo data begins {begins}");

        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(await BuildAsync(period))));
        var summary = workbook.Worksheet("Summary");
        var rows = Enumerable.Range(MonthlyReportBuilder.SummaryHeaderRow + 1, 10).ToDictionary(r => summary.Cell(r, 1).GetString());
        foreach (var row in rows.Values)
        {
            Assert.Equal("n/a", summary.Cell(row, 5).GetString());
            Assert.Equal("n/a", summary.Cell(row, 6).GetString());
        }

        var rate = rows["Active-contributor rate"];
        Assert.Equal((now.ActiveContributorRate!.Value - before.ActiveContributorRate!.Value) * 100, summary.Cell(rate, 4).GetDouble(), 6);
        Assert.Equal(MonthlyReportBuilder.PointsChangeFormat, summary.Cell(rate, 4).Style.NumberFormat.Format);
        var contributions = rows["Contributions"];
        Assert.Equal((now.Contributions - before.Contributions) / (double)before.Contributions, summary.Cell(contributions, 4).GetDouble(), 9);
        Assert.Equal(MonthlyReportBuilder.RelativeChangeFormat, summary.Cell(contributions, 4).Style.NumberFormat.Format);
        Assert.Contains("percentage points", summary.Cell(MonthlyReportBuilder.SummaryHeaderRow + 12, 1).GetString(), StringComparison.Ordinal);

        // Reuse is a sum of quantities: a whole number is shown as a count, without ".0".
        var reuse = rows["Reuse received"];
        Assert.Equal(Math.Round(now.ReuseReceived), now.ReuseReceived);
        Assert.Equal("#,##0", summary.Cell(reuse, 2).Style.NumberFormat.Format);
        var departments = workbook.Worksheet("Departments");
        Assert.All(Enumerable.Range(2, departments.LastRowUsed()!.RowNumber() - 1).Select(r => departments.Cell(r, 8)).Where(c => !c.IsEmpty()),
            c => Assert.Equal(Math.Abs(c.GetDouble() - Math.Round(c.GetDouble())) < 1e-9 ? "#,##0" : "#,##0.0", c.Style.NumberFormat.Format));

        foreach (var sheet in workbook.Worksheets)
        {
            Assert.Equal(XLPageOrientation.Landscape, sheet.PageSetup.PageOrientation);
            Assert.Equal(1, sheet.PageSetup.PagesWide);
            // Titles repeated on every printed page wherever a sheet is a table (the story and the pictures have no header row).
            if (sheet.Name is not (MonthlyReportBuilder.StorySheet or MonthlyReportBuilder.ChartsSheet))
                Assert.True(sheet.PageSetup.FirstRowToRepeatAtTop > 0, $"{sheet.Name} repeats no title row");
        }

        // The flow matrix is shaded by cross-team reuse: the largest off-diagonal cell is the darkest, the diagonal grey.
        var flow = workbook.Worksheet("Knowledge flow");
        var size = flow.Row(1).CellsUsed().Count() - 1;
        var across = (from r in Enumerable.Range(2, size) from c in Enumerable.Range(2, size)
                      where r != c && flow.Cell(r, c).DataType == XLDataType.Number select flow.Cell(r, c)).ToList();
        Assert.True(across.Count >= 2, "the demo has cross-team flow");
        Assert.All(Enumerable.Range(2, size), i => Assert.Equal(XLColor.FromHtml(MonthlyReportBuilder.DiagonalFill), flow.Cell(i, i).Style.Fill.BackgroundColor));
        var darkest = across.MaxBy(c => c.GetDouble())!;
        Assert.Equal(XLColor.FromArgb(43, 108, 176), darkest.Style.Fill.BackgroundColor);
        var lightest = across.MinBy(c => c.GetDouble())!;
        Assert.True(lightest.Style.Fill.BackgroundColor.Color.R > darkest.Style.Fill.BackgroundColor.Color.R, "less flow is lighter");
    }

    [Fact]
    public async Task A_month_before_the_data_reads_n_a_and_an_empty_recognition_sheet_says_why()
    {
        var period = LastMonth();
        var early = ReportingPeriod.Month(period.From.Year - 2, period.From.Month);
        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(await BuildAsync(early))));
        var summary = workbook.Worksheet("Summary");
        for (var row = MonthlyReportBuilder.SummaryHeaderRow + 1; row <= MonthlyReportBuilder.SummaryHeaderRow + 10; row++)
            Assert.All(Enumerable.Range(3, 4), c => Assert.Equal("n/a", summary.Cell(row, c).GetString()));
        var recognition = workbook.Worksheet("Recognition");
        Assert.Equal($"No award was approved in {early.Label}.", recognition.Cell(3, 1).GetString());
    }

    [Fact]
    public async Task Formula_like_names_and_titles_stay_text_and_opted_out_people_are_not_ranked()
    {
        var period = LastMonth();
        var board = await InScopeAsync(s => s.GetRequiredService<LeaderboardQuery>().RunAsync(new LeaderboardFilter(period, Top: 25), CancellationToken.None));
        Assert.True(board.Rows.Count >= 5);
        string[] hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)"];
        var optedOut = board.Rows[4];
        await using (var scope = Web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            for (var i = 0; i < hostile.Length; i++)
            {
                var id = board.Rows[i].PersonId;
                await RenameAsync(db, id, hostile[i]);
            }

            await SetOptOutAsync(db, optedOut.PersonId, true);
            var item = await db.KnowledgeItems.OrderBy(i => i.Id).FirstAsync();
            item.Title = "=cmd|' /C calc'!A0";
            await db.SaveChangesAsync();
        }

        try
        {
            var bytes = await BuildAsync(period);
            Assert.Empty(Workbooks.ValidationErrors(bytes));
            using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
            var leaderboard = workbook.Worksheet("Leaderboard");
            var names = Enumerable.Range(2, leaderboard.LastRowUsed()!.RowNumber() - 1).Select(r => leaderboard.Cell(r, 2)).ToList();
            foreach (var text in hostile)
            {
                var cell = Assert.Single(names, c => c.GetString() == text);
                Assert.False(cell.HasFormula);
                Assert.Equal(XLDataType.Text, cell.DataType);
                Assert.True(cell.Style.IncludeQuotePrefix);
            }

            Assert.DoesNotContain(names, c => c.GetString() == optedOut.Name);
            foreach (var s in workbook.Worksheets)
                Assert.DoesNotContain(s.CellsUsed(), c => c.HasFormula);
        }
        finally
        {
            await using var scope = Web.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            for (var i = 0; i < hostile.Length; i++)
            {
                var id = board.Rows[i].PersonId;
                await RenameAsync(db, id, board.Rows[i].Name);
            }

            await SetOptOutAsync(db, optedOut.PersonId, false);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Regenerating_adds_versions_and_the_job_is_idempotent_for_a_closed_unchanged_month()
    {
        var period = LastMonth();
        await InScopeAsync(s => s.GetRequiredService<MonthCloser>().CloseAsync(period.From, "test", CancellationToken.None));
        await using var scope = Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        int Versions() => db.StoredReports.Count(r => r.Kind == MonthlyReportArchive.Kind && r.Period == period.Label);
        var before = Versions();

        var first = await InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunAsync(CancellationToken.None));
        var second = await InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunAsync(CancellationToken.None));
        Assert.False(second, "a second run for an unchanged closed month adds nothing");
        Assert.Equal(before + (first ? 1 : 0), Versions());
        Assert.True(Versions() >= 1);

        var manual = await InScopeAsync(async s => (await s.GetRequiredService<MonthlyReportArchive>().GenerateAsync(period, "hr", CancellationToken.None)).Version);
        var again = await InScopeAsync(async s => (await s.GetRequiredService<MonthlyReportArchive>().GenerateAsync(period, "hr", CancellationToken.None)).Version);
        Assert.Equal(manual + 1, again);
        Assert.Equal(before + (first ? 1 : 0) + 2, Versions());
        var versions = db.StoredReports.Where(r => r.Period == period.Label).Select(r => r.Version).ToList().Order().ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);

        // A recompute after the latest version makes the report stale: the job generates once more, then rests.
        await InScopeAsync(s => s.GetRequiredService<MonthCloser>().RecomputeRangeAsync(period.From, period.From, "hr", "test", CancellationToken.None));
        await InScopeAsync(s => s.GetRequiredService<Aggregator>().RunAsync(full: false, CancellationToken.None));
        Assert.True(await InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunAsync(CancellationToken.None)));
        Assert.False(await InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Six_parallel_generations_of_one_month_each_store_a_version_and_none_fails()
    {
        // Issue 16 break 6: six parallel regenerations gave two 500s (the unique version was taken by another).
        var period = ReportingPeriod.Month(LastMonth().From.AddMonths(-3).Year, LastMonth().From.AddMonths(-3).Month);
        var reports = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            InScopeAsync(s => s.GetRequiredService<MonthlyReportArchive>().GenerateAsync(period, "test", CancellationToken.None))));
        Assert.Equal(6, reports.Select(r => r.Version).Distinct().Count());
        var stored = await InScopeAsync(s => s.GetRequiredService<AnalyticsDbContext>().StoredReports.Where(r => r.Period == period.Label).Select(r => r.Version).ToListAsync());
        Assert.Equal(reports.Select(r => r.Version).Order(), stored.Order());
    }

    [Fact]
    public async Task Leadership_lists_and_downloads_a_report_and_the_download_is_audited()
    {
        var period = LastMonth();
        var id = await InScopeAsync(async s => (await s.GetRequiredService<MonthlyReportArchive>().GenerateAsync(period, "test", CancellationToken.None)).Id);
        using var client = Web.CreateClient();
        await SignIn.AsAsync(client, "leadership");

        var page = await client.GetStringAsync("/Reports");
        Assert.Contains($"/Reports/Download/{id}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Regenerate", page, StringComparison.Ordinal);

        var response = await client.GetAsync($"/Reports/Download/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MonthlyReportBuilder.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(Workbooks.ValidationErrors(await response.Content.ReadAsByteArrayAsync()));

        await using var scope = Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "report.downloaded" && a.Actor == "leadership" && a.Subject == $"StoredReport:{id}"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Reports/Download/999999")).StatusCode);
    }

    [Fact]
    public async Task Only_HR_regenerates_and_only_with_the_anti_forgery_token()
    {
        var period = LastMonth();
        await using var scope = Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        int Versions() => db.StoredReports.Count(r => r.Period == period.Label);

        using var leadership = Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(leadership, "leadership");
        var before = Versions();
        // Leadership sees no form (so no token of its own); whatever it posts, nothing is generated.
        var denied = await leadership.PostAsync("/Reports?handler=Regenerate", Form(period.Label, "forged"));
        Assert.True(denied.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden
            || (denied.StatusCode == HttpStatusCode.Redirect && denied.Headers.Location!.PathAndQuery.StartsWith("/Account/AccessDenied", StringComparison.Ordinal)),
            $"leadership must not regenerate (got {(int)denied.StatusCode})");
        Assert.Equal(before, Versions());

        using var hr = Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(hr, "hr");
        var noToken = await hr.PostAsync("/Reports?handler=Regenerate", new FormUrlEncodedContent(new Dictionary<string, string> { ["period"] = period.Label }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(before, Versions());

        var ok = await hr.PostAsync("/Reports?handler=Regenerate", Form(period.Label, await SignIn.AntiforgeryTokenAsync(hr, "/Reports")));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(before + 1, Versions());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "report.generated" && a.Actor == "hr"));
    }

    /// <summary>The leaderboard shows the employee's name when the person is linked to one, else the person's.</summary>
    private static async Task RenameAsync(AnalyticsDbContext db, int personId, string name)
    {
        var person = await db.Persons.SingleAsync(p => p.Id == personId);
        person.DisplayName = name;
        if (person.EmployeeId is { } employeeId)
            (await db.Employees.SingleAsync(e => e.Id == employeeId)).DisplayName = name;
    }

    private static async Task SetOptOutAsync(AnalyticsDbContext db, int personId, bool optOut)
    {
        var employeeId = (await db.Persons.SingleAsync(p => p.Id == personId)).EmployeeId;
        (await db.Employees.SingleAsync(e => e.Id == employeeId)).LeaderboardOptOut = optOut;
    }

    private static FormUrlEncodedContent Form(string period, string token) => new(new Dictionary<string, string>
    {
        ["period"] = period,
        ["__RequestVerificationToken"] = token,
    });
}

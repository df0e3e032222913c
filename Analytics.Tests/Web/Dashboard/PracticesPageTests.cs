using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>The scorecard page shows <see cref="PracticesQuery"/>'s figures for the month, on the demo organisation.</summary>
public sealed class PracticesPageTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;

    public PracticesPageTests(SharedDemo factory) => _web = factory.Web;

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");

    private static ReportingPeriod MonthsAgo(int months)
    {
        var first = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-months);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    [Fact]
    public async Task Every_cell_of_the_scorecard_is_the_querys_figure_for_that_month()
    {
        var month = MonthsAgo(2);
        await using var db = Db();
        var expected = await new PracticesQuery(db, new BarriersQuery(db, TimeProvider.System), new Analytics.Jobs.Communities.CommunityHealthQuery(db, TimeProvider.System)).RunAsync(month, minimumGroupSize: 5, CancellationToken.None);
        Assert.True(expected.Current["active-contributor-rate"] > 0); // the demo has activity that month, or the test could not tell
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "leadership");

        var html = await client.GetStringAsync($"/Practices?period={month.Label}");

        Assert.Contains($"data-period=\"{month.Label}\"", html, StringComparison.Ordinal);
        foreach (var practice in PracticeCatalog.All)
        {
            var section = Regex.Match(html, $"<section class=\"practice\"[^>]*data-practice=\"{practice.Code}\">[\\s\\S]*?</section>").Value;
            Assert.NotEmpty(section);
            foreach (var indicator in practice.Indicators)
            {
                var row = Regex.Match(section, $"<tr data-indicator=\"{indicator.Code}\">[\\s\\S]*?</tr>").Value;
                var now = expected.Current[indicator.Code];
                var before = expected.Previous?[indicator.Code];
                var yearBefore = expected.YearBefore?[indicator.Code];
                Assert.Equal(PracticeFormat.Value(indicator, now), Cell(row, "data-value=\"now\""));
                Assert.Equal(PracticeFormat.Value(indicator, before), Cell(row, "data-value=\"previous\""));
                Assert.Equal(PracticeFormat.Change(indicator, now, before), Cell(row, "data-change=\"previous\""));
                Assert.Equal(PracticeFormat.Value(indicator, yearBefore), Cell(row, "data-value=\"year-before\""));
            }

            // The trend table's last month is the month shown, and the department table holds each shown department's figures.
            var trend = Regex.Match(section, $"data-trend=\"{practice.Code}\">[\\s\\S]*?</table>").Value;
            Assert.Equal(12, Regex.Count(trend, "<tr data-month="));
            foreach (var department in expected.Departments.Where(d => d.Shown))
            {
                var row = Regex.Match(section, $"<tr data-department=\"{Regex.Escape(department.Code)}\">[\\s\\S]*?</tr>").Value;
                Assert.Equal(PracticeFormat.Value(practice.Headline, department.Values[practice.Headline.Code]),
                    Cell(row, $"data-indicator=\"{practice.Headline.Code}\""));
            }
        }

        Assert.Contains("/charts/practices-departments.png?period=" + month.Label, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_that_is_not_one_month_is_refused_with_a_message_and_charts_are_pictures()
    {
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "hr");

        var quarter = await client.GetAsync("/Practices?period=2026-Q3");
        Assert.Equal(HttpStatusCode.BadRequest, quarter.StatusCode);
        Assert.Contains("is not one month", WebUtility.HtmlDecode(await quarter.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/charts/practices/sharing.png?period=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/charts/practices/no-such.png")).StatusCode);

        foreach (var path in PracticeCatalog.All.Select(p => $"/charts/practices/{p.Code}.png").Append("/charts/practices-departments.png"))
        {
            var png = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await png.Content.ReadAsByteArrayAsync())[..4]);
        }
    }

    [Fact]
    public async Task The_reports_Practices_sheet_holds_the_pages_figures_and_its_first_sheet_tells_the_month_from_them()
    {
        var month = MonthsAgo(1);
        using var client = _web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var html = await client.GetStringAsync($"/Practices?period={month.Label}");
        byte[] bytes;
        await using (var scope = _web.Services.CreateAsyncScope())
            bytes = await scope.ServiceProvider.GetRequiredService<MonthlyReportBuilder>().BuildAsync(month, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
        Assert.Equal(MonthlyReportBuilder.StorySheet, workbook.Worksheet(1).Name);

        var sheet = workbook.Worksheet(MonthlyReportBuilder.PracticesSheet);
        var row = 2;
        foreach (var practice in PracticeCatalog.All)
        {
            var section = Regex.Match(html, $"<section class=\"practice\"[^>]*data-practice=\"{practice.Code}\">[\\s\\S]*?</section>").Value;
            foreach (var indicator in practice.Indicators)
            {
                var pageRow = Regex.Match(section, $"<tr data-indicator=\"{indicator.Code}\">[\\s\\S]*?</tr>").Value;
                Assert.Equal(indicator.Code, sheet.Cell(row, 3).GetString());
                // The sheet holds numbers; shown the page's way, they are the page's cells.
                Assert.Equal(Cell(pageRow, "data-value=\"now\""), Shown(indicator, sheet.Cell(row, 4)));
                Assert.Equal(Cell(pageRow, "data-value=\"previous\""), Shown(indicator, sheet.Cell(row, 5)));
                Assert.Equal(Cell(pageRow, "data-value=\"year-before\""), Shown(indicator, sheet.Cell(row, 7)));
                row++;
            }
        }

        // Every code of the Practices sheet is defined on the Definitions sheet.
        var definitions = workbook.Worksheet("Definitions");
        var defined = Enumerable.Range(2, definitions.LastRowUsed()!.RowNumber() - 1).Select(r => definitions.Cell(r, 1).GetString()).ToHashSet();
        Assert.All(PracticeCatalog.Indicators, i => Assert.Contains(i.Code, defined));

        // The first sheet's sentences are the story of the page's scorecard.
        await using var queryScope = _web.Services.CreateAsyncScope();
        var card = await queryScope.ServiceProvider.GetRequiredService<PracticesQuery>().RunAsync(month, 5, CancellationToken.None);
        var story = workbook.Worksheet(MonthlyReportBuilder.StorySheet).CellsUsed().Select(c => c.GetString()).ToList();
        var expected = MonthStory.Tell(card, null);
        Assert.Contains(expected[0], story);
        Assert.Contains(story, s => s.StartsWith("Where: ", StringComparison.Ordinal));
    }

    private static string Shown(PracticeIndicator indicator, IXLCell cell) =>
        cell.DataType == XLDataType.Number ? PracticeFormat.Value(indicator, cell.GetDouble()) : cell.GetString();

    private static string Cell(string row, string attribute) =>
        WebUtility.HtmlDecode(Regex.Match(row, $"{Regex.Escape(attribute)}>([^<]*)<").Groups[1].Value);
}

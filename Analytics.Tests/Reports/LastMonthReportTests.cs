using System.Net;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Reports;

/// <summary>
/// Issue 18: leadership opened Reports and found "No report has been generated yet" (no month is closed in the demo,
/// the first close is on the 1st). The last full month's report is always there: stored once the month is closed,
/// built on demand and marked provisional on every sheet until then. Its own database: no other test stores reports.
/// </summary>
public sealed class LastMonthReportTests(LastMonthReportTests.Factory factory) : IClassFixture<LastMonthReportTests.Factory>
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
        var first = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    [Fact]
    public async Task Leadership_gets_last_months_report_marked_provisional_until_one_is_stored()
    {
        var period = LastMonth();
        using var client = Web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "leadership");

        var page = await client.GetStringAsync("/Reports");
        Assert.Contains("handler=LastMonth", page, StringComparison.Ordinal);
        Assert.Contains($"Download the {period.Label} report (provisional)", page, StringComparison.Ordinal);

        var response = await client.GetAsync("/Reports?handler=LastMonth");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MonthlyReportBuilder.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(MonthlyReportBuilder.ProvisionalFileName(period), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using (var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes))))
        {
            Assert.Equal(MonthlyReportBuilder.ProvisionalNote(period), workbook.Worksheet("Summary").Cell(MonthlyReportBuilder.ProvisionalRow, 1).GetString());
            // The first sheet a leader reads says it under its title.
            Assert.Equal(MonthlyReportBuilder.ProvisionalNote(period), workbook.Worksheet(MonthlyReportBuilder.StorySheet).Cell(2, 1).GetString());
            Assert.All(workbook.Worksheets, sheet =>
            {
                Assert.Contains("PROVISIONAL", sheet.PageSetup.Header.Center.GetText(XLHFOccurrence.OddPages), StringComparison.Ordinal);
                Assert.Equal(XLColor.FromHtml("#FFC000"), sheet.TabColor);
            });
        }

        await using (var scope = Web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            Assert.Equal(0, await db.StoredReports.CountAsync());
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "report.built-on-demand" && a.Actor == "leadership" && a.Subject == $"Report:monthly:{period.Label}"));
            // Once the month's report is stored, that one is the report: the page lists it and the on-demand link is gone.
            await scope.ServiceProvider.GetRequiredService<MonthlyReportArchive>().GenerateAsync(period, "test", CancellationToken.None);
        }

        page = await client.GetStringAsync("/Reports");
        Assert.DoesNotContain("handler=LastMonth", page, StringComparison.Ordinal);
        Assert.Contains(MonthlyReportBuilder.FileName(period, 1), page, StringComparison.Ordinal);
        // The same link now serves the stored report (audited as a download), never a second build.
        var after = await client.GetAsync("/Reports?handler=LastMonth");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(MonthlyReportBuilder.FileName(period, 1), after.Content.Headers.ContentDisposition?.FileNameStar ?? after.Content.Headers.ContentDisposition?.FileName);
        await using (var scope = Web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "report.built-on-demand"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "report.downloaded" && a.Actor == "leadership"));
        }
    }

    [Fact]
    public async Task A_final_report_carries_no_provisional_mark()
    {
        await using var scope = Web.Services.CreateAsyncScope();
        var bytes = await scope.ServiceProvider.GetRequiredService<MonthlyReportBuilder>().BuildAsync(LastMonth(), DateTimeOffset.UtcNow, CancellationToken.None);
        using var workbook = new XLWorkbook(new MemoryStream(Workbooks.WithoutPictures(bytes)));
        Assert.True(workbook.Worksheet("Summary").Cell(MonthlyReportBuilder.ProvisionalRow, 1).IsEmpty());
        Assert.DoesNotContain(workbook.Worksheet(MonthlyReportBuilder.StorySheet).CellsUsed(), c => c.GetString().Contains("PROVISIONAL", StringComparison.Ordinal));
        Assert.All(workbook.Worksheets, sheet => Assert.DoesNotContain("PROVISIONAL", sheet.PageSetup.Header.Center.GetText(XLHFOccurrence.OddPages), StringComparison.Ordinal));
    }
}

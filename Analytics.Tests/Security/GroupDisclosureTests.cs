using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using ClosedXML.Excel;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16, break 4: every group figure the app shows (Departments page, API and export, knowledge-flow matrix on
/// page, API and export, silos on page, API and export, the monthly report's Departments, Knowledge flow and Barriers
/// sheets) belongs to a department group of at least the minimum size, and no hidden group can be recovered as a
/// visible parent minus its visible children (ADR 1620).
/// </summary>
public sealed partial class GroupDisclosureTests(SharedDemo factory) : IClassFixture<SharedDemo>
{
    private const int Minimum = 5;
    private AnalyticsWebFactory Web => factory.Web;

    private static ReportingPeriod LastMonth()
    {
        var today = DateTime.UtcNow;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("manager")]
    [InlineData("leadership")]
    public async Task Every_group_figure_on_every_surface_is_a_large_enough_group_and_no_hidden_group_is_a_difference(string user)
    {
        var period = LastMonth();
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Web.DatabasePath}");
        var (_, truth) = await new MetricsQuery(db).ByDepartmentAsync(period, CancellationToken.None);
        var byCode = truth.ToDictionary(d => d.Code);
        var parentOf = truth.ToDictionary(d => d.Code, d => ReportingGroups.ParentOf(d.Path) is { } p ? truth.Single(x => x.DepartmentId == p).Code : null);
        var root = truth.Single(d => d.Depth == 0).Code;
        // The demo has groups under the minimum and heads of department as the only direct members of parents:
        // both ways of recovering a small group exist in the data.
        Assert.Contains(truth, d => d.Headcount is > 0 and < Minimum);

        using var client = Web.CreateClient();
        await SignIn.AsAsync(client, user);
        var label = period.Label;

        // Departments: API, page and export show figures for the same groups.
        using var api = JsonDocument.Parse(await client.GetStringAsync($"/api/departments?period={label}"));
        var shown = api.RootElement.GetProperty("departments").EnumerateArray()
            .Where(d => d.GetProperty("figures").ValueKind != JsonValueKind.Null)
            .ToDictionary(d => d.GetProperty("code").GetString()!, d => d.GetProperty("figures"));
        Assert.NotEmpty(shown);
        var html = await client.GetStringAsync($"/Departments?period={label}");
        foreach (var d in truth)
            Assert.Equal(!shown.ContainsKey(d.Code), Row(html, d.Code).Contains("data-suppressed", StringComparison.Ordinal));
        using (var export = Workbook(await client.GetByteArrayAsync($"/exports/departments.xlsx?period={label}")))
        {
            var sheet = export.Worksheet("Departments");
            var withFigures = sheet.RowsUsed().Skip(1).Where(r => !r.Cell(Column(sheet, "Headcount")).IsEmpty())
                .Select(r => r.Cell(Column(sheet, "Code")).GetString()).ToHashSet();
            Assert.Equal(shown.Keys.ToHashSet(), withFigures);
        }

        foreach (var (code, figures) in shown)
        {
            Assert.True(byCode[code].Headcount >= Minimum, $"{code} shown with {byCode[code].Headcount} people");
            Assert.Equal(byCode[code].Headcount, figures.GetProperty("headcount").GetInt32());
        }

        // Subtraction: for every group whose figures are known (shown, or the root = the company), the people not in
        // its shown sub-groups are none or at least the minimum; a hidden child's figures never equal the difference.
        foreach (var parent in truth.Where(d => shown.ContainsKey(d.Code) || d.Code == root))
        {
            var children = truth.Where(c => parentOf[c.Code] == parent.Code).ToList();
            var visible = children.Where(c => shown.ContainsKey(c.Code)).ToList();
            var hidden = parent.Headcount - visible.Sum(c => c.Headcount);
            Assert.True(hidden == 0 || hidden >= Minimum, $"{parent.Code} minus its shown children is {hidden} people; " + string.Join(", ", truth.Select(t => $"{t.Code}:{t.Headcount}:{shown.ContainsKey(t.Code)}")));
            foreach (var child in children.Where(c => !shown.ContainsKey(c.Code) && c.ActiveContributors > 0))
            {
                Assert.NotEqual(child.Contributions, parent.Contributions - visible.Sum(c => c.Contributions));
                Assert.NotEqual(child.ActiveContributors, parent.ActiveContributors - visible.Sum(c => c.ActiveContributors));
            }
        }

        // Knowledge flow and silos: API, page, exports name only groups with figures shown (never the root).
        var allowed = shown.Keys.Where(c => c != root).ToHashSet();
        using var flow = JsonDocument.Parse(await client.GetStringAsync($"/api/flow?period={label}"));
        var flowGroups = flow.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetString()!).ToList();
        Assert.NotEmpty(flowGroups);
        Assert.Subset(allowed, flowGroups.ToHashSet());
        Assert.All(flow.RootElement.GetProperty("cells").EnumerateArray(), c =>
        {
            Assert.Contains(c.GetProperty("author").GetString()!, allowed);
            Assert.Contains(c.GetProperty("reuser").GetString()!, allowed);
        });
        Assert.Subset(allowed, FlowHeaders(html).Where(byCode.ContainsKey).ToHashSet());
        using (var export = Workbook(await client.GetByteArrayAsync($"/exports/flow.xlsx?period={label}")))
        {
            var sheet = export.Worksheet(1);
            Assert.Subset(allowed, sheet.Row(1).CellsUsed().Skip(1).Select(c => c.GetString()).ToHashSet());
            Assert.Subset(allowed, sheet.Column(1).CellsUsed().Skip(1).Select(c => c.GetString()).ToHashSet());
        }

        using var barriers = JsonDocument.Parse(await client.GetStringAsync($"/api/barriers?period={label}"));
        var silos = barriers.RootElement.GetProperty("silos").EnumerateArray().Select(s => s.GetProperty("code").GetString()!).ToHashSet();
        Assert.NotEmpty(silos);
        Assert.Subset(allowed, silos);
        Assert.Subset(allowed, SiloRows(html).ToHashSet());
        using (var export = Workbook(await client.GetByteArrayAsync($"/exports/barriers.xlsx?period={label}")))
        {
            var sheet = export.Worksheet("Silos");
            Assert.Subset(allowed, sheet.RowsUsed().Skip(1).Select(r => r.Cell(Column(sheet, "Code")).GetString()).ToHashSet());
        }

        // Monthly report: the same groups as the pages.
        byte[] report;
        await using (var scope = Web.Services.CreateAsyncScope())
            report = await scope.ServiceProvider.GetRequiredService<MonthlyReportBuilder>().BuildAsync(period, DateTimeOffset.UtcNow, CancellationToken.None);
        using var workbook = Workbook(Workbooks.WithoutPictures(report));
        var departments = workbook.Worksheet("Departments");
        Assert.Equal(shown.Keys.ToHashSet(), departments.RowsUsed().Skip(1).Where(r => !r.Cell(Column(departments, "Headcount")).IsEmpty())
            .Select(r => r.Cell(Column(departments, "Code")).GetString()).ToHashSet());
        var matrix = workbook.Worksheet("Knowledge flow");
        var reportGroups = matrix.Row(1).CellsUsed().Skip(1).Select(c => c.GetString()).ToHashSet();
        Assert.NotEmpty(reportGroups);
        Assert.Subset(allowed, reportGroups);
        var reportSilos = workbook.Worksheet("Barriers").CellsUsed().Select(c => SiloName().Match(c.GetString()))
            .Where(m => m.Success && byCode.ContainsKey(m.Groups[1].Value)).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(reportSilos);
        Assert.Subset(allowed, reportSilos);
    }

    private static XLWorkbook Workbook(byte[] bytes) => new(new MemoryStream(bytes));

    private static int Column(IXLWorksheet sheet, string header) =>
        sheet.Row(1).CellsUsed().Single(c => c.GetString() == header).Address.ColumnNumber;

    private static string Row(string html, string code)
    {
        var start = html.IndexOf($"<tr data-department=\"{code}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {code}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static IEnumerable<string> FlowHeaders(string html)
    {
        var start = html.IndexOf("<table class=\"data\" id=\"flow\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "no flow table");
        var table = html[start..html.IndexOf("</table>", start, StringComparison.Ordinal)];
        return ScopeCell().Matches(table).Select(m => m.Groups[1].Value.Trim());
    }

    private static IEnumerable<string> SiloRows(string html) => SiloRow().Matches(html).Select(m => m.Groups[1].Value);

    // Flow headers show department names; the code is in data-group.
    [GeneratedRegex("<th scope=\"(?:col|row)\"[^>]*data-group=\"([^\"]+)\"")]
    private static partial Regex ScopeCell();

    [GeneratedRegex("<tr data-silo=\"([^\"]+)\">")]
    private static partial Regex SiloRow();

    [GeneratedRegex(@"\(([A-Z][A-Z0-9-]*)\)$")]
    private static partial Regex SiloName();
}

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Metrics;
using ClosedXML.Excel;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>
/// HR's people switch (ADR 2201, 2206) beyond the leaderboard: the overview, departments and barriers, their API routes,
/// charts and exports take the same <c>people=unlinked</c> and show the unlinked people's figures apart; leadership and
/// managers get the employees' figures and a 400 when they put the switch in the URL.
/// </summary>
public sealed partial class DashboardPagesTests
{
    // The demo's two outside contractors write pages in about half of its months: a range over the whole demo has their work.
    private static ReportingPeriod DemoRange()
    {
        var last = LastMonth();
        return ReportingPeriod.Range(last.From.AddMonths(-3), last.To);
    }

    private async Task<(ReportingPeriod Period, CompanyMetrics Unlinked, CompanyMetrics Employees)> UnlinkedFiguresAsync()
    {
        var period = DemoRange();
        await using var db = Db();
        var metrics = new MetricsQuery(db);
        var unlinked = await metrics.UnlinkedAsync(period, CancellationToken.None);
        Assert.True(unlinked.Contributions > 0, "the demo's unlinked contractors have no contribution in the range");
        return (period, unlinked, (await metrics.ByDepartmentAsync(period, CancellationToken.None)).Company);
    }

    [Fact]
    public async Task Overview_switch_shows_HR_the_unlinked_people_apart_and_only_HR()
    {
        var (period, unlinked, employees) = await UnlinkedFiguresAsync();
        using var hr = await ClientAsync("hr");

        var html = await hr.GetStringAsync($"/?period={period.Label}&people=unlinked");

        Assert.Contains("<select id=\"people\" name=\"people\">", html, StringComparison.Ordinal);
        Assert.Contains("data-population=\"unlinked\"", html, StringComparison.Ordinal);
        Assert.Equal(unlinked.Contributions.ToString("N0", Inv), Kpi(html, "contributions"));
        Assert.Equal(unlinked.ActiveContributors.ToString("N0", Inv), Kpi(html, "active-contributors"));
        Assert.Contains($"of {unlinked.Headcount.ToString("N0", Inv)} unlinked people with activity", html, StringComparison.Ordinal);
        // The trend pictures and the export keep the switch.
        Assert.Contains($"/charts/overview/reuse.png?period={period.Label}&amp;people=unlinked", html, StringComparison.Ordinal);
        Assert.Contains($"/exports/overview.xlsx?period={period.Label}&amp;people=unlinked", html, StringComparison.Ordinal);
        var hrDefault = await hr.GetStringAsync($"/?period={period.Label}");
        Assert.Equal(employees.Contributions.ToString("N0", Inv), Kpi(hrDefault, "contributions"));

        foreach (var role in new[] { "leadership", "manager" })
        {
            using var other = await ClientAsync(role);
            var page = await other.GetStringAsync($"/?period={period.Label}");
            Assert.DoesNotContain("id=\"people\"", page, StringComparison.Ordinal);
            Assert.Equal(employees.Contributions.ToString("N0", Inv), Kpi(page, "contributions"));
            var forced = await other.GetAsync($"/?period={period.Label}&people=unlinked");
            Assert.Equal(HttpStatusCode.BadRequest, forced.StatusCode);
            var body = await forced.Content.ReadAsStringAsync();
            Assert.Contains("Only HR sees the people not linked to an employee.", body, StringComparison.Ordinal);
            Assert.DoesNotContain("data-kpi=", body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await other.GetAsync($"/charts/overview/reuse.png?period={period.Label}&people=unlinked")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/charts/overview/reuse.png?period={period.Label}&people=unlinked")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hr.GetAsync($"/?period={period.Label}&people=everyone")).StatusCode);
    }

    [Fact]
    public async Task Summary_api_and_overview_export_follow_the_switch_for_HR_only()
    {
        var month = LastMonth();
        await using var db = Db();
        var metrics = new MetricsQuery(db);
        var unlinked = await metrics.UnlinkedAsync(month, CancellationToken.None);
        var employees = (await metrics.ByDepartmentAsync(month, CancellationToken.None)).Company;
        var (range, rangeUnlinked, _) = await UnlinkedFiguresAsync();
        using var hr = await ClientAsync("hr");

        using (var summary = JsonDocument.Parse(await hr.GetStringAsync($"/api/summary?month={month.Label}&people=unlinked")))
        {
            Assert.Equal("unlinked", summary.RootElement.GetProperty("people").GetString());
            Assert.Equal(unlinked.Contributions, summary.RootElement.GetProperty("contributions").GetInt32());
            Assert.Equal(unlinked.Headcount, summary.RootElement.GetProperty("headcount").GetInt32());
            Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("activeContributorRate").ValueKind);
        }

        using (var export = Workbook(await hr.GetByteArrayAsync($"/exports/overview.xlsx?period={range.Label}&people=unlinked")))
        {
            var sheet = export.Worksheet("Key figures");
            Assert.Equal(rangeUnlinked.Contributions, sheet.Cell(2, Column(sheet, "Contributions")).GetValue<int>());
            Assert.Contains(export.Worksheet("Filters").CellsUsed(), c => c.GetString() == "People");
        }

        using var manager = await ClientAsync("manager");
        using (var summary = JsonDocument.Parse(await manager.GetStringAsync($"/api/summary?month={month.Label}")))
        {
            Assert.Equal("employees", summary.RootElement.GetProperty("people").GetString());
            Assert.Equal(employees.Contributions, summary.RootElement.GetProperty("contributions").GetInt32());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/summary?month={month.Label}&people=unlinked")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/exports/overview.xlsx?period={range.Label}&people=unlinked")).StatusCode);
    }

    [Fact]
    public async Task Departments_switch_shows_HR_the_unlinked_line_and_their_barriers_and_only_HR()
    {
        var (period, unlinked, _) = await UnlinkedFiguresAsync();
        await using var db = Db();
        var barriers = new BarriersQuery(db, TimeProvider.System);
        var expected = await barriers.RunAsync(period, Population.Unlinked, CancellationToken.None);
        Assert.True(expected.Concentration.Contributors > 0);
        using var hr = await ClientAsync("hr");

        var html = await hr.GetStringAsync($"/Departments?period={period.Label}&people=unlinked");

        Assert.Contains("<select id=\"people\" name=\"people\">", html, StringComparison.Ordinal);
        var row = Row(html, "unlinked");
        Assert.Equal(unlinked.Contributions.ToString(Inv), Cell(row, "contributions"));
        Assert.Equal(unlinked.Headcount.ToString(Inv), Cell(row, "headcount"));
        // No department row, no flow, no silo: unlinked people have no department.
        Assert.DoesNotContain("id=\"departments\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"flow-heatmap\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"silos\"", html, StringComparison.Ordinal);
        Assert.Contains($"of {expected.Concentration.Contributors.ToString(Inv)} contributors", html, StringComparison.Ordinal);
        Assert.Contains($"{expected.Answers.Answered.ToString(Inv)} of {expected.Answers.Questions.ToString(Inv)} questions", html, StringComparison.Ordinal);
        Assert.Equal(expected.StaleItems.ToString(Inv), Regex.Match(html, "data-barrier=\"stale\">(\\d+)<").Groups[1].Value);

        using (var json = JsonDocument.Parse(await hr.GetStringAsync($"/api/departments?period={period.Label}&people=unlinked")))
        {
            Assert.Equal("unlinked", json.RootElement.GetProperty("people").GetString());
            Assert.Empty(json.RootElement.GetProperty("departments").EnumerateArray());
            Assert.Equal(unlinked.Contributions, json.RootElement.GetProperty("unlinked").GetProperty("contributions").GetInt32());
        }

        using (var json = JsonDocument.Parse(await hr.GetStringAsync($"/api/barriers?period={period.Label}&people=unlinked")))
        {
            Assert.Equal("unlinked", json.RootElement.GetProperty("people").GetString());
            Assert.Empty(json.RootElement.GetProperty("silos").EnumerateArray());
            Assert.Equal(expected.Concentration.Contributors, json.RootElement.GetProperty("concentration").GetProperty("contributors").GetInt32());
            Assert.Equal(expected.Answers.Questions, json.RootElement.GetProperty("answers").GetProperty("questions").GetInt32());
        }

        using (var export = Workbook(await hr.GetByteArrayAsync($"/exports/departments.xlsx?period={period.Label}&people=unlinked")))
        {
            var sheet = export.Worksheet("Unlinked people");
            Assert.Equal(unlinked.Contributions, sheet.Cell(2, Column(sheet, "Contributions")).GetValue<int>());
        }

        using (var export = Workbook(await hr.GetByteArrayAsync($"/exports/barriers.xlsx?period={period.Label}&people=unlinked")))
        {
            var summary = export.Worksheet("Summary");
            Assert.Equal(expected.Concentration.Contributors, summary.Cell(2, Column(summary, "Contributors")).GetValue<int>());
            Assert.Single(export.Worksheet("Silos").RowsUsed());
        }

        var flow = await hr.GetAsync($"/api/flow?period={period.Label}&people=unlinked");
        Assert.Equal(HttpStatusCode.BadRequest, flow.StatusCode);
        Assert.Contains("no department", await flow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leadership")]
    [InlineData("manager")]
    public async Task Departments_and_barriers_give_other_roles_the_employees_and_refuse_the_switch(string role)
    {
        var (period, _, employees) = await UnlinkedFiguresAsync();
        await using var db = Db();
        var barriers = new BarriersQuery(db, TimeProvider.System);
        var expected = await barriers.RunAsync(period, Population.Employees, CancellationToken.None);
        using var client = await ClientAsync(role);

        var html = await client.GetStringAsync($"/Departments?period={period.Label}");
        Assert.DoesNotContain("id=\"people\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-department=\"unlinked\"", html, StringComparison.Ordinal);
        Assert.Contains($"of {expected.Concentration.Contributors.ToString(Inv)} contributors", html, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await client.GetStringAsync($"/api/barriers?period={period.Label}")))
            Assert.Equal(expected.Concentration.Contributors, json.RootElement.GetProperty("concentration").GetProperty("contributors").GetInt32());
        using (var json = JsonDocument.Parse(await client.GetStringAsync($"/api/departments?period={period.Label}")))
        {
            Assert.Equal("employees", json.RootElement.GetProperty("people").GetString());
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("unlinked").ValueKind);
        }

        foreach (var route in new[]
                 {
                     "/Departments", "/api/departments", "/api/barriers", "/api/flow", "/exports/departments.xlsx", "/exports/barriers.xlsx",
                     "/exports/flow.xlsx", "/charts/flow.png", "/api/leaderboard", "/exports/leaderboard.xlsx",
                 })
        {
            var forced = await client.GetAsync($"{route}?period={period.Label}&people=unlinked");
            Assert.True(forced.StatusCode == HttpStatusCode.BadRequest, $"{route}: {(int)forced.StatusCode}");
            Assert.Contains("Only HR sees the people not linked to an employee.", await forced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.True(employees.Headcount > 0);
    }

    [Fact]
    public async Task Leaderboard_api_and_export_follow_HRs_switch()
    {
        var (period, _, _) = await UnlinkedFiguresAsync();
        await using var db = Db();
        var expected = await new Analytics.Jobs.Leaderboards.LeaderboardQuery(db).RunAsync(
            new Analytics.Jobs.Leaderboards.LeaderboardFilter(period, Analytics.Jobs.Leaderboards.LeaderboardMetric.Contributions, Population: Population.Unlinked),
            CancellationToken.None);
        Assert.NotEmpty(expected.Rows);
        using var hr = await ClientAsync("hr");

        var html = await hr.GetStringAsync($"/Leaderboard?period={period.Label}&metric=contributions&people=unlinked");
        Assert.Contains("&amp;people=unlinked\">Export to Excel</a>", html, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await hr.GetStringAsync($"/api/leaderboard?period={period.Label}&metric=contributions&people=unlinked")))
        {
            Assert.Equal("unlinked", json.RootElement.GetProperty("people").GetString());
            Assert.Equal(expected.Rows.Select(r => r.PersonId), json.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("personId").GetInt32()));
        }

        using (var export = Workbook(await hr.GetByteArrayAsync($"/exports/leaderboard.xlsx?period={period.Label}&metric=contributions&people=unlinked")))
        {
            var sheet = export.Worksheet("Leaderboard");
            Assert.Equal(expected.Rows.Select(r => r.Name), sheet.RowsUsed().Skip(1).Select(r => r.Cell(Column(sheet, "Name")).GetString()));
        }

        var scoped = await hr.GetAsync($"/api/leaderboard?period={period.Label}&scope=ROOT&people=unlinked");
        Assert.Equal(HttpStatusCode.BadRequest, scoped.StatusCode);
        Assert.Contains("no department", await scoped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Kpi(string html, string code)
    {
        var match = Regex.Match(html, $"data-kpi=\"{code}\">([^<]*)<");
        Assert.True(match.Success, $"no tile {code}");
        return match.Groups[1].Value;
    }

    private static XLWorkbook Workbook(byte[] xlsx) => new(new MemoryStream(xlsx));

    private static int Column(IXLWorksheet sheet, string header) =>
        sheet.Row(1).CellsUsed().Single(c => c.GetString() == header).Address.ColumnNumber;
}

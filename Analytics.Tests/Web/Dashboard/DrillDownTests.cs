using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Support;
using Analytics.Web.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>
/// Issue 21 part 1 (ADR 2111-2114): every aggregate leads to what is behind it, within the viewer's rights and the
/// group rule: department row → department page, flow cell → its items, leaderboard row → profile, trend month → month.
/// </summary>
public sealed partial class DrillDownTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly SharedDemo _factory;
    private AnalyticsWebFactory Web => _factory.Web;

    public DrillDownTests(SharedDemo factory) => _factory = factory;

    private static ReportingPeriod LastMonth()
    {
        var today = DateTime.UtcNow;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Web.DatabasePath}");

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = Web.CreateClient();
        await SignIn.AsAsync(client, user);
        return client;
    }

    private async Task<Dictionary<string, int>> IdsAsync()
    {
        await using var db = Db();
        return await db.Departments.ToDictionaryAsync(d => d.Code, d => d.Id);
    }

    private async Task<(IReadOnlyList<DepartmentMetrics> Rows, IReadOnlySet<int> Disclosed)> DepartmentsAsync(ReportingPeriod period)
    {
        await using var db = Db();
        var (_, rows) = await new MetricsQuery(db).ByDepartmentAsync(period, CancellationToken.None);
        return (rows, MetricsQuery.Disclosed(rows, 5));
    }

    [Fact]
    public async Task A_department_row_opens_its_page_with_the_rows_figures_and_the_previous_period_and_no_people_for_leadership()
    {
        var period = LastMonth();
        var previous = ReportingPeriod.Month(period.From.AddMonths(-1).Year, period.From.AddMonths(-1).Month);
        var (rows, disclosed) = await DepartmentsAsync(period);
        var (before, _) = await DepartmentsAsync(previous);
        var department = rows.Where(d => disclosed.Contains(d.DepartmentId) && d.Depth > 0 && d.Contributions > 0).OrderByDescending(d => d.Headcount).First();
        using var client = await ClientAsync("leadership");

        var tree = await client.GetStringAsync($"/Departments?period={period.Label}");
        var link = $"/Departments/{department.DepartmentId.ToString(Inv)}?period={period.Label}";
        Assert.Contains($"href=\"{link}\"", tree, StringComparison.Ordinal);

        var html = await client.GetStringAsync(link);
        Assert.Contains($"<h1 data-department-name>{WebUtility.HtmlEncode(department.Name)}</h1>", html, StringComparison.Ordinal);
        var contributions = Figures(html, "contributions");
        Assert.Equal(department.Contributions.ToString("N0", Inv), contributions.Now);
        Assert.Equal(before.Single(d => d.Code == department.Code).Contributions.ToString("N0", Inv), contributions.Before);
        Assert.Equal(department.Headcount.ToString("N0", Inv), Figures(html, "headcount").Now);
        // Twelve months, each a link to this page for that month; the last is the period itself.
        var months = MonthLinks().Matches(html).Select(m => m.Groups[2].Value).ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal(period.Label, months[^1]);
        Assert.Contains("data-people-hidden", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"department-people\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_under_the_group_rule_shows_no_figures_and_says_why()
    {
        var period = LastMonth();
        var (rows, disclosed) = await DepartmentsAsync(period);
        var hidden = rows.First(d => !disclosed.Contains(d.DepartmentId));
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync($"/Departments/{hidden.DepartmentId.ToString(Inv)}?period={period.Label}");

        Assert.Contains("data-suppressed", html, StringComparison.Ordinal);
        Assert.Contains("fewer than 5 people here", html, StringComparison.Ordinal);
        foreach (var table in new[] { "department-figures", "department-trend", "department-topics", "flow-out", "flow-in" })
            Assert.DoesNotContain($"id=\"{table}\"", html, StringComparison.Ordinal);
        // HR still sees who is in it, without the individual figures that would add up to the group's.
        Assert.DoesNotContain("<th scope=\"col\" class=\"num\">Contributions</th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trend_months_before_the_first_aggregated_day_read_no_data_not_zero()
    {
        var period = LastMonth();
        var (rows, disclosed) = await DepartmentsAsync(period);
        var shown = rows.First(d => disclosed.Contains(d.DepartmentId) && d.Contributions > 0);
        DateOnly begins;
        await using (var db = Db())
            begins = await db.DailyPersonMetrics.MinAsync(m => m.Day);
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync($"/Departments/{shown.DepartmentId.ToString(Inv)}?period={period.Label}");

        var trend = html[html.IndexOf("id=\"department-trend\"", StringComparison.Ordinal)..];
        trend = trend[..trend.IndexOf("</table>", StringComparison.Ordinal)];
        var months = TrendRow().Matches(trend).Select(m => (Month: DateOnly.ParseExact(m.Groups[1].Value + "-01", "yyyy-MM-dd", Inv), Cells: m.Groups[2].Value)).ToList();
        Assert.Equal(12, months.Count);
        // The test host seeds three months (Demo:Months), so the 12-month trend starts long before the data.
        var before = months.Where(m => m.Month.AddMonths(1) <= begins).ToList();
        Assert.NotEmpty(before);
        Assert.All(before, m => Assert.Contains("no data yet", m.Cells, StringComparison.Ordinal));
        Assert.All(before, m => Assert.DoesNotContain("<td class=\"num\">", m.Cells, StringComparison.Ordinal));
        Assert.All(months.Except(before), m => Assert.Contains("<td class=\"num\">", m.Cells, StringComparison.Ordinal));
    }

    [GeneratedRegex("<tr data-month=\"(\\d{4}-\\d{2})\">(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex TrendRow();

    [Fact]
    public async Task Unknown_department_is_404_and_a_bad_period_400()
    {
        using var client = await ClientAsync("hr");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Departments/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Departments/1?period=2026-13")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Departments/Flow?from=ENG")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Departments/Flow?from=ENG&to=SAL&sort=colour")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Departments/Flow?from=NO-SUCH&to=SAL")).StatusCode);
    }

    [Fact]
    public async Task The_people_of_a_department_are_listed_for_HR_and_its_own_manager_only()
    {
        var period = LastMonth();
        var ids = await IdsAsync();
        var own = $"/Departments/{ids["ENG-PLT"].ToString(Inv)}?period={period.Label}";
        var other = $"/Departments/{ids["ENG-DATA"].ToString(Inv)}?period={period.Label}";
        using var hr = await ClientAsync("hr");
        using var manager = await ClientAsync("manager");
        using var leadership = await ClientAsync("leadership");
        using var employee = await ClientAsync("employee");

        var listed = People(await manager.GetStringAsync(own));
        Assert.NotEmpty(listed);
        Assert.True(listed.All(_factory.People.ManagerLine.Contains) || listed.All(p => _factory.People.ManagerLine.Contains(p) || p == _factory.People.Manager),
            "the manager sees only people of their line");
        Assert.Contains(_factory.People.InLine, listed);
        Assert.Equal(listed.Order(), People(await hr.GetStringAsync(own)).Order());
        Assert.Empty(People(await manager.GetStringAsync(other)));
        Assert.Contains("data-people-hidden", await manager.GetStringAsync(other), StringComparison.Ordinal);
        Assert.NotEmpty(People(await hr.GetStringAsync(other)));
        Assert.Empty(People(await leadership.GetStringAsync(own)));
        // An employee sees no group figures at all: sent to "access denied".
        var denied = await employee.GetAsync(own);
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden || denied.RequestMessage?.RequestUri?.AbsolutePath == "/Account/AccessDenied",
            $"{(int)denied.StatusCode} {denied.RequestMessage?.RequestUri}");
        Assert.Empty(People(await denied.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_flow_cell_lists_the_items_behind_it_and_they_add_up_to_the_cell()
    {
        var period = LastMonth();
        FlowView flow;
        DepartmentTree tree;
        await using (var scope = Web.Services.CreateAsyncScope())
        {
            flow = await scope.ServiceProvider.GetRequiredService<DepartmentsQuery>().FlowAsync(period, CancellationToken.None);
            tree = await DepartmentTree.LoadAsync(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>(), CancellationToken.None);
        }

        var cell = flow.Cells.Where(c => !FlowPicture.Nested(c.Author, c.Reuser, tree.Parents)).OrderByDescending(c => c.Events).First();
        using var client = await ClientAsync("leadership");

        var departments = await client.GetStringAsync($"/Departments?period={period.Label}");
        var link = DrillDownLinks.Flow(cell.Author, cell.Reuser, period);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(link)}\"", departments, StringComparison.Ordinal);

        var html = await client.GetStringAsync(link);
        Assert.Contains("id=\"flow-items\"", html, StringComparison.Ordinal);
        var total = double.Parse(Total().Match(html).Groups[1].Value, Inv);
        Assert.Equal(cell.Events, total, 3);
        var reuse = Reuse().Matches(html).Select(m => double.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), Inv)).ToList();
        Assert.NotEmpty(reuse);
        Assert.Equal(reuse.OrderByDescending(r => r), reuse);

        // The URL carries the order: ascending by reuse is the same items the other way round.
        var ascending = Reuse().Matches(await client.GetStringAsync(link + "&sort=reuse&dir=asc"))
            .Select(m => double.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), Inv)).ToList();
        Assert.Equal(ascending.Order(), ascending);
    }

    [Fact]
    public async Task A_flow_pair_with_a_department_under_the_group_rule_shows_no_items()
    {
        var period = LastMonth();
        var (rows, disclosed) = await DepartmentsAsync(period);
        var hidden = rows.First(d => !disclosed.Contains(d.DepartmentId) && d.Headcount > 0);
        var shown = rows.Where(d => disclosed.Contains(d.DepartmentId) && d.Depth > 0).OrderByDescending(d => d.Headcount).First();
        using var client = await ClientAsync("hr");

        foreach (var link in new[] { DrillDownLinks.Flow(hidden.Code, shown.Code, period), DrillDownLinks.Flow(shown.Code, hidden.Code, period),
                     DrillDownLinks.Flow(rows.Single(d => d.Depth == 0).Code, shown.Code, period) })
        {
            var html = await client.GetStringAsync(link);
            Assert.Contains("data-suppressed", html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"flow-items\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-total", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Leaderboard_rows_link_to_profiles_and_points_explained_only_where_the_viewer_may_see_them()
    {
        var people = _factory.People;
        using var employee = await ClientAsync("employee");
        using var manager = await ClientAsync("manager");
        using var hr = await ClientAsync("hr");

        var mine = ProfileLinks(await employee.GetStringAsync($"/Leaderboard?period={LastMonth().Label}"));
        Assert.True(mine.All(p => p == people.Employee), "an employee's leaderboard links to their own profile only");
        var managers = ProfileLinks(await manager.GetStringAsync($"/Leaderboard?period={LastMonth().Label}"));
        Assert.NotEmpty(managers);
        Assert.True(managers.All(p => people.ManagerLine.Contains(p) || p == people.Manager), "a manager's leaderboard links to their line only");
        var hrs = await hr.GetStringAsync($"/Leaderboard?period={LastMonth().Label}");
        var rows = Regex.Count(hrs, "<tr data-person=\"(\\d+)\"");
        Assert.Equal(rows, ProfileLinks(hrs).Count);
        Assert.Contains($"#points-heading", hrs, StringComparison.Ordinal);
        var first = ProfileLinks(hrs)[0];
        var profile = await hr.GetStringAsync($"/People/{first.ToString(Inv)}?period={LastMonth().Label}");
        Assert.Contains("id=\"points-heading\"", profile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_month_of_the_overview_trend_opens_the_overview_of_that_month()
    {
        var period = LastMonth();
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync($"/?period={period.Label}");
        var first = new DateOnly(period.From.Year, period.From.Month, 1).AddMonths(-11);
        for (var month = first; month <= period.From; month = month.AddMonths(1))
            Assert.Contains($"href=\"/?period={month.ToString("yyyy-MM", Inv)}\"", html, StringComparison.Ordinal);
        var unlinked = await client.GetStringAsync($"/?period={period.Label}&people=unlinked");
        Assert.Contains($"href=\"/?period={period.Label}&amp;people=unlinked\"", unlinked, StringComparison.Ordinal);
    }

    private static (string Now, string Before) Figures(string html, string metric)
    {
        var m = Regex.Match(html, $"<tr data-metric=\"{metric}\"><th scope=\"row\">[^<]*</th><td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td>");
        Assert.True(m.Success, $"no {metric} row");
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static List<int> People(string html) =>
        Regex.Matches(html, "<tr data-person=\"(\\d+)\"><th scope=\"row\"><a href=\"/People/").Select(m => int.Parse(m.Groups[1].Value, Inv)).ToList();

    private static List<int> ProfileLinks(string html) =>
        Regex.Matches(html, "<a data-profile href=\"/People/(\\d+)\\?").Select(m => int.Parse(m.Groups[1].Value, Inv)).ToList();

    [GeneratedRegex("<tr data-month=\"([0-9-]+)\">\\s*<th scope=\"row\"><a href=\"/Departments/\\d+\\?period=([0-9-]+)\">")]
    private static partial Regex MonthLinks();

    [GeneratedRegex("data-total=\"([0-9.]+)\"")]
    private static partial Regex Total();

    [GeneratedRegex("<td class=\"num\" data-reuse>([0-9.,]+)</td>")]
    private static partial Regex Reuse();
}

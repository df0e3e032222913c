using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>Departments, Leaderboard, Definitions and their API routes agree with MetricsQuery and LeaderboardQuery.</summary>
public sealed partial class DashboardPagesTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public DashboardPagesTests(SharedDemo factory) => _web = factory.Web;

    private static ReportingPeriod LastMonth()
    {
        var today = DateTime.UtcNow;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");

    private async Task<HttpClient> ClientAsync(string user, AnalyticsWebFactory? web = null)
    {
        var client = (web ?? _web).CreateClient();
        await SignIn.AsAsync(client, user);
        return client;
    }

    /// <summary>The persons the dashboard lists besides the ranked ones: those recognised in the period (ADR 1811), as LeaderboardRunner passes them.</summary>
    private static async Task<List<int>> RecognisedAsync(Analytics.Domain.Persistence.AnalyticsDbContext db, ReportingPeriod period)
    {
        var employees = (await new Analytics.Web.Recognition.RecognitionQuery(db).ApprovedPointsAsync(period, CancellationToken.None)).Keys.ToList();
        return await db.Persons.Where(p => p.EmployeeId != null && employees.Contains(p.EmployeeId.Value) && !p.IsBot).Select(p => p.Id).ToListAsync();
    }

    [Fact]
    public async Task Departments_page_shows_the_figures_of_analytics_metrics_for_the_last_month()
    {
        var period = LastMonth();
        await using var db = Db();
        var (_, expected) = await new MetricsQuery(db).ByDepartmentAsync(period, CancellationToken.None);
        using var client = await ClientAsync("leadership");

        var html = await client.GetStringAsync("/Departments");

        Assert.Contains($"<strong data-period>{period.Label}</strong>", html, StringComparison.Ordinal);
        var disclosed = MetricsQuery.Disclosed(expected, 5);
        Assert.Contains(expected, d => disclosed.Contains(d.DepartmentId) && d.Contributions > 0);
        foreach (var d in expected)
        {
            var row = Row(html, d.Code);
            if (disclosed.Contains(d.DepartmentId))
            {
                Assert.Equal(d.Contributions.ToString("N0", Inv), Cell(row, "contributions"));
                Assert.Equal(d.Headcount.ToString("N0", Inv), Cell(row, "headcount"));
                Assert.Equal(d.ActiveContributors.ToString("N0", Inv), Cell(row, "active-contributors"));
                Assert.Equal(d.ReuseReceived.ToString("N0", Inv), Cell(row, "reuse"));
            }
            else
            {
                Assert.Contains("data-suppressed", row, StringComparison.Ordinal);
                Assert.DoesNotContain("data-metric", row, StringComparison.Ordinal);
            }
        }

        Assert.Contains("id=\"flow-heatmap\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Heatmap of reuse events", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"data\" id=\"flow\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"silos\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Departments_period_in_the_url_changes_the_figures_on_page_and_api()
    {
        var last = LastMonth();
        var earlier = ReportingPeriod.Month(last.From.AddMonths(-2).Year, last.From.AddMonths(-2).Month);
        await using var db = Db();
        var (_, expected) = await new MetricsQuery(db).ByDepartmentAsync(earlier, CancellationToken.None);
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync($"/Departments?period={earlier.Label}");
        Assert.Contains($"<strong data-period>{earlier.Label}</strong>", html, StringComparison.Ordinal);
        var root = expected.OrderBy(d => d.Depth).First();
        Assert.Equal(root.Contributions.ToString("N0", Inv), Cell(Row(html, root.Code), "contributions"));

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/departments?period={earlier.Label}"));
        var apiRoot = json.RootElement.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == root.Code);
        Assert.Equal(root.Contributions, apiRoot.GetProperty("figures").GetProperty("contributions").GetInt32());

        // A quarter is a different period again: the root's contributions are the sum over its months.
        var quarter = ReportingPeriod.Parse($"{last.From.Year}-Q{((last.From.Month - 1) / 3) + 1}");
        var (_, quarterly) = await new MetricsQuery(db).ByDepartmentAsync(quarter, CancellationToken.None);
        var quarterHtml = await client.GetStringAsync($"/Departments?period={quarter.Label}");
        Assert.Equal(quarterly.Single(d => d.Code == root.Code).Contributions.ToString("N0", Inv), Cell(Row(quarterHtml, root.Code), "contributions"));
    }

    [Theory]
    [InlineData("/Departments?period=2026-13")]
    [InlineData("/Departments?period=yesterday")]
    [InlineData("/Leaderboard?period=nonsense")]
    [InlineData("/Leaderboard?metric=likes")]
    [InlineData("/Leaderboard?scope=NO-SUCH-DEPT")]
    [InlineData("/Leaderboard?pageNumber=0")]
    [InlineData("/Leaderboard?pageNumber=9999")]
    public async Task Bad_filters_on_pages_give_400_with_a_message_and_the_form(string route)
    {
        using var client = await ClientAsync("hr");
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("class=\"error\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\" class=\"filters\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/departments?period=2026-13")]
    [InlineData("/api/flow?period=x")]
    [InlineData("/api/barriers?period=x")]
    [InlineData("/api/leaderboard?metric=likes")]
    [InlineData("/api/leaderboard?scope=NO-SUCH-DEPT")]
    [InlineData("/charts/flow.png?period=x")]
    public async Task Bad_filters_on_the_api_give_400_problem_details(string route)
    {
        using var client = await ClientAsync("hr");
        var response = await client.GetAsync(route);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Departments_under_the_minimum_group_size_show_no_figures_on_page_or_api()
    {
        var period = LastMonth();
        await using var db = Db();
        var (_, departments) = await new MetricsQuery(db).ByDepartmentAsync(period, CancellationToken.None);
        // Raise the minimum just above the smallest staffed department, so that one must disappear whatever the demo's sizes.
        var smallest = departments.Where(d => d.Headcount > 0).OrderBy(d => d.Headcount).First();
        var minimum = smallest.Headcount + 1;
        await using var strict = _web.WithWebHostBuilder(b => b.UseSetting("Privacy:MinimumGroupSize", minimum.ToString(Inv)));
        using var client = strict.CreateClient();
        await SignIn.AsAsync(client, "hr");

        var row = Row(await client.GetStringAsync("/Departments"), smallest.Code);
        Assert.Contains("data-suppressed", row, StringComparison.Ordinal);
        Assert.DoesNotContain("data-metric", row, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/departments"));
        Assert.Equal(minimum, json.RootElement.GetProperty("minimumGroupSize").GetInt32());
        var api = json.RootElement.GetProperty("departments").EnumerateArray().Single(d => d.GetProperty("code").GetString() == smallest.Code);
        Assert.True(api.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, api.GetProperty("figures").ValueKind);

        // The flow matrix never names the small group (its people count in the groups of its parents).
        using var flow = JsonDocument.Parse(await client.GetStringAsync("/api/flow"));
        Assert.DoesNotContain(flow.RootElement.GetProperty("groups").EnumerateArray(), g => g.GetString() == smallest.Code);
        Assert.NotEmpty(flow.RootElement.GetProperty("cells").EnumerateArray());

        // With the default minimum (5), a group of at least 5 still has its figures.
        using var defaults = await ClientAsync("hr");
        using var normal = JsonDocument.Parse(await defaults.GetStringAsync("/api/departments"));
        Assert.Equal(5, normal.RootElement.GetProperty("minimumGroupSize").GetInt32());
        var disclosed = MetricsQuery.Disclosed(departments, 5);
        Assert.All(normal.RootElement.GetProperty("departments").EnumerateArray(),
            d => Assert.Equal(d.GetProperty("suppressed").GetBoolean(), !disclosed.Contains(departments.Single(x => x.Code == d.GetProperty("code").GetString()).DepartmentId)));
        Assert.Contains(departments, d => d.Headcount >= 5 && !disclosed.Contains(d.DepartmentId));
    }

    [Fact]
    public async Task Flow_api_and_heatmap_agree_with_the_daily_flows()
    {
        var period = LastMonth();
        await using var db = Db();
        var flows = db.DailyFlows.Where(f => f.Day >= period.From && f.Day <= period.To).AsEnumerable()
            .GroupBy(f => (f.AuthorDepartmentId, f.ReuserDepartmentId)).Select(g => (g.Key.AuthorDepartmentId, g.Key.ReuserDepartmentId, Events: g.Sum(f => f.Events))).ToList();
        var groupsOf = db.Departments.AsEnumerable().ToDictionary(d => d.Id, d => ReportingGroups.Of(d.Path));
        var idOf = db.Departments.AsEnumerable().ToDictionary(d => d.Code, d => d.Id);
        using var client = await ClientAsync("manager");

        // Each cell: the events whose author sat in the row's department or under it, and the reuser in the column's.
        using var flow = JsonDocument.Parse(await client.GetStringAsync("/api/flow"));
        var cells = flow.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.NotEmpty(cells);
        foreach (var cell in cells)
        {
            var (author, reuser) = (idOf[cell.GetProperty("author").GetString()!], idOf[cell.GetProperty("reuser").GetString()!]);
            var expected = flows.Where(f => groupsOf[f.AuthorDepartmentId].Contains(author) && groupsOf[f.ReuserDepartmentId].Contains(reuser)).Sum(f => f.Events);
            Assert.Equal(expected, cell.GetProperty("events").GetDouble(), 3);
        }

        var png = await client.GetAsync($"/charts/flow.png?period={period.Label}");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes[..4]);
    }

    [Theory]
    [InlineData("points", null)]
    [InlineData("contributions", null)]
    [InlineData("reuse", "ENG")]
    [InlineData("cross-team", null)]
    public async Task Leaderboard_page_and_api_show_the_rows_of_analytics_leaderboard(string metric, string? scope)
    {
        var period = LastMonth();
        var parsed = metric switch
        {
            "points" => LeaderboardMetric.Points,
            "contributions" => LeaderboardMetric.Contributions,
            "reuse" => LeaderboardMetric.Reuse,
            _ => LeaderboardMetric.CrossTeam,
        };
        await using var db = Db();
        var expected = await new LeaderboardQuery(db).RunAsync(new LeaderboardFilter(period, parsed, scope), CancellationToken.None, await RecognisedAsync(db, period));
        Assert.NotEmpty(expected.Rows);
        using var client = await ClientAsync("employee");

        // The page shows the ranking 50 rows at a time; following "Next" from the first page walks all of it.
        var rows = new List<(int Rank, int Person, string Value)>();
        var pages = 0;
        string? next = $"/Leaderboard?period={period.Label}&metric={metric}&scope={scope}";
        while (next is not null)
        {
            var html = await client.GetStringAsync(next);
            pages++;
            var onPage = LeaderboardRowPattern().Matches(html).Select(m => (Rank: int.Parse(m.Groups[2].Value, Inv), Person: int.Parse(m.Groups[1].Value, Inv), Value: m.Groups[3].Value)).ToList();
            Assert.InRange(onPage.Count, 1, 50);
            rows.AddRange(onPage);
            var link = NextPagePattern().Match(html);
            next = link.Success ? System.Net.WebUtility.HtmlDecode(link.Groups[1].Value) : null;
            Assert.True(pages <= 100, "the pager does not end");
        }

        Assert.Equal((expected.Rows.Count + 49) / 50, pages);
        Assert.Equal(expected.Rows.Select(r => (r.Rank, r.PersonId, r.Value.ToString("0.####", Inv))), rows);

        using var json = JsonDocument.Parse(await client.GetStringAsync($"/api/leaderboard?period={period.Label}&metric={metric}&scope={scope}"));
        var api = json.RootElement.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("personId").GetInt32(), r.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(expected.Rows.Select(r => (r.PersonId, r.Value)), api);
        Assert.Equal(metric, json.RootElement.GetProperty("metric").GetString());
    }

    [Fact]
    public async Task Leaderboard_tells_a_ranked_viewer_their_rank_and_the_page_it_is_on()
    {
        var period = LastMonth();
        var people = await DemoPeople.LoadAsync(_web);
        await using var db = Db();
        // The first demo account ranked by some metric last month (the demo data decides who has activity).
        var candidates = from user in new[] { ("employee", people.Employee), ("manager", people.Manager) }
                         from metric in new[] { (LeaderboardMetric.Contributions, "contributions"), (LeaderboardMetric.Points, "points"), (LeaderboardMetric.Reuse, "reuse") }
                         select (User: user, Metric: metric);
        LeaderboardRow? expected = null;
        var (account, code, index) = ("", "", -1);
        foreach (var (user, metric) in candidates)
        {
            var ranking = await new LeaderboardQuery(db).RunAsync(new LeaderboardFilter(period, metric.Item1), CancellationToken.None, await RecognisedAsync(db, period));
            index = ranking.Rows.Select(r => r.PersonId).ToList().IndexOf(user.Item2);
            if (index < 0)
                continue;
            (expected, account, code) = (ranking.Rows[index], user.Item1, metric.Item2);
            break;
        }

        Assert.NotNull(expected);
        using var client = await ClientAsync(account);
        var html = await client.GetStringAsync($"/Leaderboard?period={period.Label}&metric={code}");
        var mine = MyRankPattern().Match(html);
        Assert.True(mine.Success, $"no 'your rank' line for {account}");
        Assert.Equal(expected.Rank.ToString(Inv), mine.Groups[1].Value);
        var page = (index / 50) + 1;
        if (page > 1)
            Assert.Contains($"pageNumber={page.ToString(Inv)}\">on page {page.ToString(Inv)}</a>", html, StringComparison.Ordinal);

        // The admin account is not an employee: no rank line.
        using var admin = await ClientAsync("admin");
        Assert.DoesNotMatch(MyRankPattern(), await admin.GetStringAsync($"/Leaderboard?period={period.Label}&metric={code}"));
    }

    [Fact]
    public async Task Leaderboard_scope_in_the_url_narrows_the_ranking_and_nobody_unrankable_appears()
    {
        var period = LastMonth();
        await using var db = Db();
        var people = await Analytics.Jobs.Aggregation.PeopleDirectoryLoader.LoadAsync(db, CancellationToken.None);
        using var client = await ClientAsync("employee");

        using var company = JsonDocument.Parse(await client.GetStringAsync($"/api/leaderboard?period={period.Label}&metric=contributions"));
        using var scoped = JsonDocument.Parse(await client.GetStringAsync($"/api/leaderboard?period={period.Label}&metric=contributions&scope=ENG-MOB"));
        var all = company.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("personId").GetInt32()).ToList();
        var mobile = scoped.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(mobile);
        Assert.True(mobile.Count < all.Count);
        Assert.All(mobile, r => Assert.Equal("ENG-MOB", r.GetProperty("department").GetString()));
        // Opted-out people, leavers at the period's end, bots and unlinked accounts are never ranked.
        Assert.All(all, id => Assert.True(people.Find(id)?.IsRankable(period.To) == true, $"person {id} should not be ranked"));
        Assert.Contains(people.All, p => !p.IsRankable(period.To));
    }

    [Fact]
    public async Task Leaderboard_switch_lets_HR_rank_the_unlinked_people_apart_and_no_one_else()
    {
        var period = LastMonth();
        await using var db = Db();
        var expected = await new LeaderboardQuery(db).RunAsync(
            new LeaderboardFilter(period, LeaderboardMetric.Contributions, Population: Population.Unlinked), CancellationToken.None);
        var people = await Analytics.Jobs.Aggregation.PeopleDirectoryLoader.LoadAsync(db, CancellationToken.None);
        using var hr = await ClientAsync("hr");

        var html = await hr.GetStringAsync($"/Leaderboard?period={period.Label}&metric=contributions&people=unlinked");

        Assert.Contains("data-population=\"unlinked\"", html, StringComparison.Ordinal);
        var shown = PersonRow().Matches(html).Select(m => int.Parse(m.Groups[1].Value, Inv)).ToList();
        Assert.Equal(expected.Rows.Take(Analytics.Web.Pages.LeaderboardModel.PageSize).Select(r => r.PersonId), shown);
        Assert.All(shown, id => Assert.True(people.Find(id) is { IsBot: false, IsLinked: false }, $"person {id} is not an unlinked human"));
        if (expected.Rows.Count == 0)
            Assert.Contains(System.Net.WebUtility.HtmlEncode(expected.EmptyReason!), html, StringComparison.Ordinal);

        using var employee = await ClientAsync("employee");
        var refused = await employee.GetAsync($"/Leaderboard?period={period.Label}&people=unlinked");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain("data-person=", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr data-person=\"(\\d+)\"")]
    private static partial Regex PersonRow();

    [Fact]
    public async Task Leaderboard_marks_closed_months_as_frozen()
    {
        await using var db = Db();
        var closed = db.MonthCloses.Select(m => m.Month).AsEnumerable().Order().ToList();
        using var client = await ClientAsync("employee");
        var html = await client.GetStringAsync($"/Leaderboard?period={DateTime.UtcNow.Year.ToString(Inv)}");
        if (closed.Count > 0 && closed.Any(m => m.Year == DateTime.UtcNow.Year))
        {
            Assert.Contains("class=\"frozen\"", html, StringComparison.Ordinal);
            Assert.Contains(closed.First(m => m.Year == DateTime.UtcNow.Year).ToString("yyyy-MM", Inv), html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("the ranking is live", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Definitions_page_lists_every_metric_badge_and_rule_from_the_code()
    {
        using var client = await ClientAsync("employee");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Definitions"));
        foreach (var metric in MetricCatalog.All)
        {
            Assert.Contains($"data-definition=\"{metric.Code}\"", html, StringComparison.Ordinal);
            Assert.Contains(metric.Description, html, StringComparison.Ordinal);
        }

        foreach (var badge in Analytics.Domain.Scoring.BadgeCatalog.All)
            Assert.Contains(badge.Description, html, StringComparison.Ordinal);
        Assert.Contains(MetricCatalog.ExclusionsInWords, html, StringComparison.Ordinal);
        await using var db = Db();
        Assert.NotEmpty(db.ScoringRules);
        Assert.Contains("data-rule=\"answered\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_tiles_show_cross_team_reuse_answer_rate_and_the_change_against_the_previous_month()
    {
        var period = LastMonth();
        var previous = ReportingPeriod.Month(period.From.AddMonths(-1).Year, period.From.AddMonths(-1).Month);
        await using var db = Db();
        var (now, _) = await new MetricsQuery(db).ByDepartmentAsync(period, CancellationToken.None);
        var (before, _) = await new MetricsQuery(db).ByDepartmentAsync(previous, CancellationToken.None);
        var people = await Analytics.Jobs.Aggregation.PeopleDirectoryLoader.LoadAsync(db, CancellationToken.None);
        var answers = await new BarriersQuery(db, TimeProvider.System).AnswersAsync(period, people, CancellationToken.None);
        using var client = await ClientAsync("manager");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Contains($"data-kpi=\"cross-team-reuse\">{now.CrossTeamReuseReceived.ToString("N0", Inv)}<", html, StringComparison.Ordinal);
        Assert.Contains($"data-kpi=\"answer-rate\">{(answers.Rate!.Value * 100).ToString("0.0", Inv)}%<", html, StringComparison.Ordinal);
        Assert.True(before.Contributions > 0);
        var change = ((now.Contributions - (double)before.Contributions) / before.Contributions * 100).ToString("+0;-0;0", Inv);
        Assert.Contains($"data-change=\"contributions\">{change}% vs {previous.From.ToString("MMMM yyyy", Inv)}<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_dashboard_routes()
    {
        using var client = await ClientAsync("hr");
        var doc = await client.GetStringAsync("/api/openapi/v1.json");
        foreach (var route in new[] { "/api/summary", "/api/departments", "/api/flow", "/api/barriers", "/api/leaderboard" })
            Assert.Contains($"\"{route}\"", doc, StringComparison.Ordinal);
    }

    private static string Row(string html, string code)
    {
        var start = html.IndexOf($"<tr data-department=\"{code}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {code}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static string Cell(string row, string metric)
    {
        var match = Regex.Match(row, $"data-metric=\"{metric}\">([^<]*)<");
        Assert.True(match.Success, $"no {metric} cell");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("<tr data-person=\"(\\d+)\"><td class=\"num\">(\\d+)</td>.*?<td class=\"num\" data-value>([^<]*)</td>", RegexOptions.Singleline)]
    private static partial Regex LeaderboardRowPattern();

    [GeneratedRegex("data-my-rank=\"(\\d+)\"")]
    private static partial Regex MyRankPattern();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextPagePattern();
}

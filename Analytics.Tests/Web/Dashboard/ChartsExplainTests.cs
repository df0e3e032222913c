using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Charts;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Support;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>
/// Charts that explain (issue 21 part 3), over HTTP on the demo organisation: a takeaway above every chart from the same
/// figures as its table, the selected period highlighted in the picture and marked in the table, no hidden group named.
/// </summary>
public sealed partial class ChartsExplainTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public ChartsExplainTests(SharedDemo factory) => _web = factory.Web;

    private static ReportingPeriod MonthsAgo(int months)
    {
        var first = new DateOnly(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1).AddMonths(-months);
        return ReportingPeriod.Month(first.Year, first.Month);
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient();
        await SignIn.AsAsync(client, user);
        return client;
    }

    [Fact]
    public async Task Every_overview_chart_has_a_takeaway_from_the_tiles_figures_and_marks_the_selected_month()
    {
        var month = MonthsAgo(1);
        var before = MonthsAgo(2);
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");
        var metrics = new MetricsQuery(db);
        var now = (await metrics.ByDepartmentAsync(month, CancellationToken.None)).Company;
        var earlier = (await metrics.ByDepartmentAsync(before, CancellationToken.None)).Company;
        using var client = await ClientAsync("hr");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/?period={month.Label}"));

        foreach (var trend in OverviewTrend.All)
            Assert.Matches($"data-takeaway=\"{trend.Code}\">{Regex.Escape(trend.Subject)}", html);
        var contributions = Takeaway(html, "contributions");
        var monthName = month.From.ToString("MMMM yyyy", Inv);
        var change = Math.Round((now.Contributions - earlier.Contributions) / (double)earlier.Contributions * 100, MidpointRounding.AwayFromZero);
        var verb = change > 0 ? "rose" : change < 0 ? "fell" : "unchanged";
        Assert.Contains($"Contributions {verb}", contributions, StringComparison.Ordinal);
        Assert.Contains($"since {before.From.ToString("MMMM yyyy", Inv)}", contributions, StringComparison.Ordinal);
        Assert.Contains($"{now.Contributions.ToString("#,0", Inv)} in {monthName}", contributions, StringComparison.Ordinal);

        // The selected month, and only it, is marked in every trend table; the demo has no data a year before: n/a, not 0.
        Assert.Equal(OverviewTrend.All.Count, Regex.Count(html, $"<tr data-month=\"{month.From:yyyy-MM}\" class=\"selected\" data-selected=\"true\">"));
        Assert.Equal(OverviewTrend.All.Count, Regex.Count(html, "data-selected=\"true\""));
        Assert.Contains("<td class=\"num\" data-year-before>n/a</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quarter_highlights_its_three_months_in_the_table_and_the_picture()
    {
        var month = MonthsAgo(1);
        var quarter = ReportingPeriod.Parse($"{month.From.Year}-Q{((month.From.Month - 1) / 3) + 1}");
        using var client = await ClientAsync("manager");

        var html = await client.GetStringAsync($"/?period={quarter.Label}");
        var section = Regex.Match(html, "data-trend=\"contributions\">[\\s\\S]*?</section>").Value;
        // The trend runs to the quarter's last month (a month still to come shows 0), so all three are marked.
        Assert.Equal(3, Regex.Count(section, "data-selected=\"true\""));

        var monthPng = await Picture(client, $"/charts/contributions-by-month.png?period={month.Label}");
        var quarterPng = await Picture(client, $"/charts/contributions-by-month.png?period={quarter.Label}");
        var highlightedMonth = Count(monthPng, ChartPalette.Selected);
        Assert.True(highlightedMonth > 200, "the selected month is not highlighted in the chart");
        Assert.True(Count(quarterPng, ChartPalette.Selected) > highlightedMonth, "the quarter's months are not all highlighted");
    }

    [Fact]
    public async Task No_department_without_figures_is_named_in_a_takeaway()
    {
        var month = MonthsAgo(1);
        using var scope = _web.Services.CreateScope();
        var departments = await scope.ServiceProvider.GetRequiredService<DepartmentsQuery>().DepartmentsAsync(month, CancellationToken.None);
        var hidden = departments.Departments.Where(d => d.Figures is null).Select(d => d.Name).ToList();
        var shown = OverviewTrend.TopLevel(departments.Departments).Where(d => d.Figures is not null).Select(d => d.Name).ToList();
        Assert.NotEmpty(shown); // else the test could not tell a named department from none
        using var client = await ClientAsync("leadership");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/?period={month.Label}"));
        var takeaways = string.Join("\n", OverviewTrend.All.Select(t => Takeaway(html, t.Code)));

        Assert.Contains(shown, name => takeaways.Contains($"in {name} (", StringComparison.Ordinal));
        foreach (var name in hidden.Where(h => !shown.Any(s => s.Contains(h, StringComparison.Ordinal))))
            Assert.DoesNotContain($" {name} (", takeaways, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Departments_practices_and_a_profile_explain_their_charts()
    {
        var month = MonthsAgo(1);
        using var client = await ClientAsync("hr");

        var departments = WebUtility.HtmlDecode(await client.GetStringAsync($"/Departments?period={month.Label}"));
        Assert.Matches("data-takeaway=\"flow\">(Most cross-team reuse in|No cross-team reuse)", departments);

        var practices = WebUtility.HtmlDecode(await client.GetStringAsync($"/Practices?period={month.Label}"));
        foreach (var practice in PracticeCatalog.All)
            Assert.Matches($"data-takeaway=\"{practice.Code}\">{Regex.Escape(practice.Headline.Name)}", practices);
        Assert.Equal(PracticeCatalog.All.Count, Regex.Count(practices, $"<tr data-month=\"{month.From:yyyy-MM}\" class=\"selected\" data-selected=\"true\">"));

        var demo = await DemoPeople.LoadAsync(_web);
        var profile = WebUtility.HtmlDecode(await client.GetStringAsync($"/People/{demo.Employee.ToString(Inv)}?period={month.Label}"));
        Assert.Matches("data-takeaway=\"contributions\">Contributions", profile);
        Assert.Equal(1, Regex.Count(profile, "data-selected=\"true\""));
        var chart = await Picture(client, $"/charts/people/{demo.Employee.ToString(Inv)}/contributions.png?period={month.Label}");
        // The legend's "Selected period" swatch at least (a month without contributions has a bar of height 0).
        Assert.True(Count(chart, ChartPalette.Selected) > 0, "the profile's selected month is not highlighted");
    }

    private static string Takeaway(string html, string code)
    {
        var match = Regex.Match(html, $"data-takeaway=\"{code}\">([^<]*)<");
        Assert.True(match.Success, $"no takeaway for {code}");
        return match.Groups[1].Value;
    }

    private static async Task<SKBitmap> Picture(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    private static int Count(SKBitmap bitmap, ScottPlot.Color color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red == color.R && p.Green == color.G && p.Blue == color.B)
                    count++;
            }
        return count;
    }
}

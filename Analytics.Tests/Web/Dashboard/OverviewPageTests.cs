using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Support;
using Analytics.Web.Overview;
using SkiaSharp;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>The overview's period filter, tiles and trends agree with MetricsQuery and BarriersQuery (what `analytics metrics` prints).</summary>
public sealed partial class OverviewPageTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public OverviewPageTests(SharedDemo factory) => _web = factory.Web;

    private AnalyticsDbContext Db() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={_web.DatabasePath}");

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
    public async Task The_period_in_the_url_changes_the_tiles_to_that_months_metrics()
    {
        var last = MonthsAgo(1);
        var earlier = MonthsAgo(2);
        var before = MonthsAgo(3);
        await using var db = Db();
        var metrics = new MetricsQuery(db);
        var lastFigures = (await metrics.ByDepartmentAsync(last, CancellationToken.None)).Company;
        var earlierFigures = (await metrics.ByDepartmentAsync(earlier, CancellationToken.None)).Company;
        var beforeFigures = (await metrics.ByDepartmentAsync(before, CancellationToken.None)).Company;
        Assert.NotEqual(lastFigures.Contributions, earlierFigures.Contributions); // else the test could not tell the months apart
        using var client = await ClientAsync("hr");

        var byDefault = await client.GetStringAsync("/");
        var chosen = await client.GetStringAsync($"/?period={earlier.Label}");

        Assert.Contains($"data-period=\"{last.Label}\"", byDefault, StringComparison.Ordinal);
        Assert.Equal(lastFigures.Contributions.ToString("N0", Inv), Kpi(byDefault, "contributions"));
        Assert.Contains($"data-period=\"{earlier.Label}\"", chosen, StringComparison.Ordinal);
        Assert.Equal(earlierFigures.Contributions.ToString("N0", Inv), Kpi(chosen, "contributions"));
        Assert.Equal(earlierFigures.ActiveContributors.ToString("N0", Inv), Kpi(chosen, "active-contributors"));
        Assert.Equal(earlierFigures.ReuseReceived.ToString("N0", Inv), Kpi(chosen, "reuse"));
        Assert.Equal(earlierFigures.CrossTeamReuseReceived.ToString("N0", Inv), Kpi(chosen, "cross-team-reuse"));

        // The change is against the month before the chosen one.
        var beforeName = before.From.ToString("MMMM yyyy", Inv);
        var expectedChange = beforeFigures.Contributions == 0 ? "new"
            : ((earlierFigures.Contributions - beforeFigures.Contributions) / (double)beforeFigures.Contributions * 100).ToString("+0;-0;0", Inv) + "% vs " + beforeName;
        Assert.Equal(expectedChange, Change(chosen, "contributions"));

        var answers = await new BarriersQuery(db, TimeProvider.System).AnswersAsync(earlier, await PeopleDirectoryLoader.LoadAsync(db, CancellationToken.None), CancellationToken.None);
        Assert.Equal(answers.Rate is { } r ? (r * 100).ToString("0.0", Inv) + "%" : "–", Kpi(chosen, "answer-rate"));
    }

    [Fact]
    public async Task Each_trend_table_lists_the_monthly_values_of_the_tiles_queries()
    {
        var last = MonthsAgo(1);
        await using var db = Db();
        var metrics = new MetricsQuery(db);
        var barriers = new BarriersQuery(db, TimeProvider.System);
        var people = await PeopleDirectoryLoader.LoadAsync(db, CancellationToken.None);
        using var client = await ClientAsync("leadership");

        var html = await client.GetStringAsync($"/?period={last.Label}");

        foreach (var trend in OverviewTrend.All)
        {
            var section = Regex.Match(html, $"<section class=\"trend\"[^>]*data-trend=\"{trend.Code}\">[\\s\\S]*?</section>").Value;
            Assert.Contains($"<img class=\"chart\" src=\"{trend.ChartPath}?period={last.Label}\"", section, StringComparison.Ordinal);
            Assert.Contains("alt=\"Bar chart of ", section, StringComparison.Ordinal);
            Assert.Equal(OverviewQuery.TrendMonths, Regex.Count(section, "<tr data-month="));
        }

        for (var i = 0; i < 3; i++)
        {
            var month = MonthsAgo(1 + i);
            var company = (await metrics.ByDepartmentAsync(month, CancellationToken.None)).Company;
            var answers = await barriers.AnswersAsync(month, people, CancellationToken.None);
            var expected = new Dictionary<string, double?>
            {
                ["contributions"] = company.Contributions,
                ["active-contributor-rate"] = company.ActiveContributorRate,
                ["reuse"] = company.ReuseReceived,
                ["cross-team-share"] = company.ReuseReceived > 0 ? company.CrossTeamReuseReceived / company.ReuseReceived : null,
                ["answer-rate"] = answers.Rate,
            };
            Assert.True(company.Contributions > 0 && company.ReuseReceived > 0, $"demo data has activity in {month.Label}");
            foreach (var trend in OverviewTrend.All)
                Assert.Equal(trend.Format(expected[trend.Code]), Cell(html, trend.Code, month.Label));
        }
    }

    [Fact]
    public async Task A_trend_month_before_the_data_reads_na_not_zero()
    {
        using var client = await ClientAsync("leadership");

        var html = await client.GetStringAsync($"/?period={MonthsAgo(1).Label}");

        // The demo of this fixture starts a few months back: the trend's first month ended before its first day.
        var first = new DateOnly(MonthsAgo(1).From.Year, MonthsAgo(1).From.Month, 1).AddMonths(1 - OverviewQuery.TrendMonths);
        foreach (var trend in OverviewTrend.All)
            Assert.Equal("n/a", Cell(html, trend.Code, first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("/charts/contributions-by-month.png")]
    [InlineData("/charts/overview/active-contributor-rate.png")]
    [InlineData("/charts/overview/reuse.png")]
    [InlineData("/charts/overview/cross-team-share.png")]
    [InlineData("/charts/overview/answer-rate.png")]
    public async Task Trend_charts_are_pngs_with_a_title_and_bars(string path)
    {
        using var client = await ClientAsync("manager");

        var response = await client.GetAsync($"{path}?period={MonthsAgo(1).Label}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(800, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        Assert.True(Count(bitmap, 0, 30, c => c.Red + c.Green + c.Blue < 300) > 100, "the title did not render");
        // The demo months have activity, so the bar colour fills part of the plot.
        Assert.True(Count(bitmap, 30, bitmap.Height, c => c.Red == 0x00 && c.Green == 0x72 && c.Blue == 0xB2) > 500, "no bars were drawn");
    }

    [Fact]
    public async Task A_bad_period_gives_400_with_the_form_and_an_unknown_trend_404()
    {
        using var client = await ClientAsync("hr");

        var page = await client.GetAsync("/?period=2026-13");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("class=\"error\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\" class=\"filters\">", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/charts/overview/reuse.png?period=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/charts/overview/likes.png")).StatusCode);
    }

    [Fact]
    public async Task The_current_month_is_marked_in_progress_instead_of_a_fall_against_the_month_before()
    {
        var current = MonthsAgo(0);
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync($"/?period={current.Label}");

        Assert.Contains("data-in-progress", html, StringComparison.Ordinal);
        foreach (var tile in new[] { "contributions", "reuse", "cross-team-reuse", "active-contributor-rate", "answer-rate" })
            Assert.Equal("month in progress", Change(html, tile));
        Assert.DoesNotContain("-100%", html, StringComparison.Ordinal);

        // A finished month keeps its change against the month before.
        Assert.DoesNotContain("in progress", Change(await client.GetStringAsync($"/?period={MonthsAgo(1).Label}"), "contributions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_period_before_the_data_shows_na_and_says_where_the_data_is()
    {
        using var client = await ClientAsync("hr");

        var html = await client.GetStringAsync("/?period=2001-03");

        foreach (var kpi in new[] { "contributions", "active-contributors", "reuse", "cross-team-reuse", "answer-rate" })
            Assert.Equal("n/a", Kpi(html, kpi));
        Assert.Equal("", Change(html, "contributions"));
        var why = WebUtilityDecode(Regex.Match(html, "data-empty-reason>([^<]*)<").Groups[1].Value);
        Assert.StartsWith("No activity in 2001-03: the aggregated activity runs from ", why, StringComparison.Ordinal);
        Assert.DoesNotContain("Import a source", html, StringComparison.Ordinal);
        Assert.DoesNotContain("analytics import", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10", "2026-09")]
    [InlineData("2026-01", "2025-12")]
    [InlineData("2026-Q1", "2025-Q4")]
    [InlineData("2026", "2025")]
    [InlineData("2026-10-01..2026-10-15", "2026-09-16..2026-09-30")]
    [InlineData("2026-09-01..2026-10-31", "2026-07-01..2026-08-31")]
    public void The_previous_period_has_the_same_kind_and_length(string period, string previous) =>
        Assert.Equal(previous, OverviewQuery.PreviousOf(ReportingPeriod.Parse(period)).Label);

    private static string Kpi(string html, string name)
    {
        var match = Regex.Match(html, $"data-kpi=\"{name}\">([^<]*)<");
        Assert.True(match.Success, $"KPI {name} not on the page");
        return WebUtilityDecode(match.Groups[1].Value);
    }

    private static string Change(string html, string name) =>
        WebUtilityDecode(Regex.Match(html, $"data-change=\"{name}\">([^<]*)<").Groups[1].Value);

    private static string Cell(string html, string trend, string month)
    {
        var section = Regex.Match(html, $"data-trend=\"{trend}\">[\\s\\S]*?</section>").Value;
        // The month cell: its link to that month's overview (ADR 2114), and a hidden "(selected period)" for screen readers.
        var match = Regex.Match(section, $"<tr data-month=\"{month}\"[^>]*>\\s*<td>(?:<a href=\"/\\?period={month}[^\"]*\">)?[^<]*(?:</a>)?\\s*(?:<span[^>]*>[^<]*</span>\\s*)?</td>\\s*<td class=\"num\">([^<]*)</td>");
        Assert.True(match.Success, $"{trend}: no row for {month}");
        return WebUtilityDecode(match.Groups[1].Value);
    }

    private static string WebUtilityDecode(string text) => WebUtility.HtmlDecode(text);

    private static int Count(SKBitmap bitmap, int top, int bottom, Func<SKColor, bool> match)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
            for (var x = 0; x < bitmap.Width; x++)
                if (match(bitmap.GetPixel(x, y)))
                    count++;
        return count;
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Tests.Support;

namespace Analytics.Tests.Web.Dashboard;

/// <summary>Departments and Leaderboard are sorted on the server by the column and direction in the URL (ADR 2105), as People is.</summary>
public sealed class SortableTablesTests : IClassFixture<SharedDemo>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly AnalyticsWebFactory _web;

    public SortableTablesTests(SharedDemo factory) => _web = factory.Web;

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient();
        await SignIn.AsAsync(client, user);
        return client;
    }

    [Fact]
    public async Task The_url_orders_the_department_tree_by_a_column_and_hidden_groups_come_last()
    {
        using var client = await ClientAsync("leadership");

        var tree = await client.GetStringAsync("/Departments");
        var byContributions = await client.GetStringAsync("/Departments?sort=contributions&dir=desc");
        var ascending = await client.GetStringAsync("/Departments?sort=contributions&dir=asc");

        // Without sort= the tree keeps its own order and no header claims an order.
        Assert.DoesNotContain("aria-sort=", Table(tree), StringComparison.Ordinal);
        Assert.Contains("href=\"/Departments?period=", tree, StringComparison.Ordinal);

        var rows = Rows(byContributions);
        Assert.True(rows.Count(r => r.Contributions is not null) >= 3, "the demo shows at least three departments with figures");
        var shown = rows.Where(r => r.Contributions is not null).Select(r => r.Contributions!.Value).ToList();
        Assert.Equal(shown.OrderByDescending(v => v), shown);
        Assert.Equal(Rows(tree).Select(r => r.Code).Order(StringComparer.Ordinal), rows.Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.True(rows.SkipWhile(r => r.Contributions is not null).All(r => r.Contributions is null), "a hidden group sits among the figures");
        Assert.Contains("aria-sort=\"descending\" data-sort=\"contributions\"", byContributions, StringComparison.Ordinal);
        // The ordered column's header flips the direction; another numeric column starts with the largest.
        Assert.Contains("sort=contributions&amp;dir=asc\"", byContributions, StringComparison.Ordinal);
        Assert.Contains("sort=headcount&amp;dir=desc\"", byContributions, StringComparison.Ordinal);

        var up = Rows(ascending).Where(r => r.Contributions is not null).Select(r => r.Contributions!.Value).ToList();
        Assert.Equal(up.Order(), up);
    }

    [Fact]
    public async Task The_url_orders_the_leaderboard_and_the_pager_keeps_the_order()
    {
        using var client = await ClientAsync("hr");

        var byName = await client.GetStringAsync("/Leaderboard?sort=name&dir=asc");
        var byValueAsc = await client.GetStringAsync("/Leaderboard?sort=value&dir=asc");
        var byRank = await client.GetStringAsync("/Leaderboard");

        var names = Regex.Matches(byName, "<tr data-person=\"[0-9]+\"><td class=\"num\">[0-9]+</td><td>(?:<a [^>]*>)?([^<]*)<").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.True(names.Count >= 10, "the demo ranks at least ten people");
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.Contains("aria-sort=\"ascending\" data-sort=\"name\"", byName, StringComparison.Ordinal);
        Assert.Contains("aria-sort=\"ascending\" data-sort=\"rank\"", byRank, StringComparison.Ordinal);
        Assert.Contains(">Points<", Regex.Match(byRank, "data-sort=\"value\">.*?</th>", RegexOptions.Singleline).Value, StringComparison.Ordinal);

        var values = Regex.Matches(byValueAsc, "data-value>([^<]*)<").Select(m => double.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), Inv)).ToList();
        Assert.Equal(values.Order(), values);
        if (Regex.Match(byValueAsc, "<a rel=\"next\" href=\"([^\"]+)\"") is { Success: true } next)
            Assert.Contains("sort=value&amp;dir=asc&amp;pageNumber=2", next.Groups[1].Value, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Leaderboard?sort=salary")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Departments?sort=contributions&dir=up")).StatusCode);
    }

    private static string Table(string html) => Regex.Match(html, "<table class=\"data\" id=\"departments\">.*?</table>", RegexOptions.Singleline).Value;

    private static List<(string Code, double? Contributions)> Rows(string html) =>
        Regex.Matches(Table(html), "<tr data-department=\"([^\"]+)\">(.*?)</tr>", RegexOptions.Singleline)
            .Select(m =>
            {
                var cell = Regex.Match(m.Groups[2].Value, "data-metric=\"contributions\">([^<]*)<");
                return (m.Groups[1].Value, cell.Success ? double.Parse(cell.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), Inv) : (double?)null);
            })
            .ToList();
}

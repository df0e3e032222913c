using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

public sealed class DepartmentsAndLeaderboardBrowserTests : IClassFixture<SharedBrowserSite>
{
    private readonly SharedBrowserSite _site;

    public DepartmentsAndLeaderboardBrowserTests(SharedBrowserSite site) => _site = site;

    [Fact]
    public async Task Leadership_opens_departments_and_leaderboard_changes_filters_and_the_heatmap_loads_without_console_errors()
    {
        await using var context = await _site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _site.Server.Address.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='leadership']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync("/Departments");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("Departments", await page.InnerTextAsync("h1"));
        var width = await page.EvalOnSelectorAsync<int>("#flow-heatmap", "img => img.complete ? img.naturalWidth : 0");
        Assert.Equal(Analytics.Web.Dashboard.FlowHeatmap.Width, width);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("departments-leadership"), FullPage = true });

        // Change the period filter: the URL carries it and the heatmap is drawn again for that period.
        var period = (await page.InnerTextAsync("[data-period]")).Trim();
        var quarter = $"{period[..4]}-Q{((int.Parse(period[5..7], System.Globalization.CultureInfo.InvariantCulture) - 1) / 3) + 1}";
        await page.FillAsync("#period", quarter);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains($"period={quarter}", page.Url, StringComparison.Ordinal);
        Assert.Equal(quarter, (await page.InnerTextAsync("[data-period]")).Trim());
        Assert.Equal(Analytics.Web.Dashboard.FlowHeatmap.Width,
            await page.EvalOnSelectorAsync<int>("#flow-heatmap", "img => img.complete ? img.naturalWidth : 0"));
        Assert.Contains(quarter, await page.GetAttributeAsync("#flow-heatmap", "src") ?? "", StringComparison.Ordinal);

        await page.GotoAsync("/Leaderboard");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("Leaderboard", await page.InnerTextAsync("h1"));
        Assert.True(await page.Locator("#leaderboard tbody tr").CountAsync() > 0);
        await page.SelectOptionAsync("#metric", "contributions");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("metric=contributions", page.Url, StringComparison.Ordinal);
        Assert.Equal("contributions", (await page.InnerTextAsync("[data-metric]")).Trim());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("leaderboard-leadership-contributions"), FullPage = true });

        Assert.True(errors.Count == 0, $"console errors: {string.Join(" | ", errors)}");
    }
}

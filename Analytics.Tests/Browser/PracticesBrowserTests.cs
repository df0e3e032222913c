using Analytics.Domain.Metrics;
using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>The practices scorecard in a real browser: each role sees what it should, and the minimum group size holds.</summary>
public sealed class PracticesBrowserTests(SharedBrowserSite site) : IClassFixture<SharedBrowserSite>
{
    [Theory]
    [InlineData("hr")]
    [InlineData("leadership")]
    [InlineData("manager")]
    public async Task HR_leadership_and_managers_see_the_five_practices_with_their_charts(string user)
    {
        await using var context = await site.ContextAsync(user);
        var page = await context.NewPageAsync();
        var errors = BrowserSite.CollectErrors(page);

        await page.GotoAsync("/Practices");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal("Practices scorecard", await page.InnerTextAsync("h1"));
        Assert.Equal(PracticeCatalog.All.Select(p => p.Code), await page.Locator("section.practice").EvaluateAllAsync<string[]>("s => s.map(x => x.dataset.practice)"));
        foreach (var practice in PracticeCatalog.All)
        {
            var width = await page.EvalOnSelectorAsync<int>($"img[data-chart='{practice.Code}']", "img => img.complete ? img.naturalWidth : 0");
            Assert.Equal(Analytics.Jobs.Charts.PracticeCharts.Width, width);
        }

        Assert.True(await page.Locator("section.practice[data-practice='sharing'] tr[data-department]").CountAsync() > 0);
        Assert.Equal("Practices", (await page.InnerTextAsync("nav[aria-label='Main'] a[aria-current='page']")).Trim());
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
    }

    [Fact]
    public async Task An_employee_has_no_scorecard_and_no_menu_entry()
    {
        await using var context = await site.ContextAsync("employee");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/Practices");

        Assert.Contains("/Account/AccessDenied", page.Url, StringComparison.Ordinal);
        Assert.NotNull(response);
        Assert.Equal(0, await page.Locator("nav[aria-label='Main'] a[href='/Practices']").CountAsync());
    }

    [Fact]
    public async Task With_a_minimum_group_larger_than_every_department_no_department_shows_a_figure()
    {
        await using var server = await Task.Run(() => LiveServer.Start(b => b.UseSetting("Privacy:MinimumGroupSize", "1000")));
        await using var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='leadership']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync("/Practices");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var rows = page.Locator("section.practice[data-practice='sharing'] tr[data-department]");
        Assert.True(await rows.CountAsync() > 0);
        Assert.Equal(await rows.CountAsync(), await page.Locator("section.practice[data-practice='sharing'] tr[data-department] td[data-suppressed]").CountAsync());
        Assert.Equal(0, await page.Locator("table[data-departments] td[data-indicator]").CountAsync());
        Assert.Equal(1, await page.Locator("[data-no-departments]").CountAsync());
    }
}

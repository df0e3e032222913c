using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// Issue 21 part 1: the drill-down paths per role in a real browser over real Kestrel, by clicking the links the pages
/// show (ADR 2111-2114); every view reached by a click is the view its URL opens directly.
/// </summary>
public sealed class DrillDownBrowserTests(SharedBrowserSite site) : IClassFixture<SharedBrowserSite>
{
    private static async Task<IPage> OpenAsync(IBrowserContext context, string route)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(route);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    [Fact]
    public async Task HR_goes_from_the_department_tree_to_a_department_and_its_people_and_the_url_opens_the_same_view()
    {
        await using var context = await site.ContextAsync("hr");
        var page = await OpenAsync(context, "/Departments");
        var errors = BrowserSite.CollectErrors(page);

        await page.ClickAsync("#departments tr[data-department='ENG-PLT'] a[data-drill]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Matches("/Departments/\\d+\\?period=", page.Url);
        Assert.Equal("Platform", (await page.InnerTextAsync("h1")).Trim());
        Assert.True(await page.Locator("#department-people tbody tr").CountAsync() > 0);
        var people = await page.Locator("#department-people tbody tr").AllInnerTextsAsync();

        // The same URL opened directly shows the same view.
        var url = page.Url;
        var direct = await OpenAsync(context, url);
        Assert.Equal(people, await direct.Locator("#department-people tbody tr").AllInnerTextsAsync());

        // A person of the list opens their profile.
        await page.ClickAsync("#department-people tbody tr a");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Matches("/People/\\d+", page.Url);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_manager_sees_the_people_of_their_own_department_but_not_of_another()
    {
        await using var context = await site.ContextAsync("manager");
        var page = await OpenAsync(context, "/Departments");

        await page.ClickAsync("#departments tr[data-department='ENG-PLT'] a[data-drill]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.Locator("#department-people tbody tr").CountAsync() > 0);

        await page.GotoAsync("/Departments");
        await page.ClickAsync("#departments tr[data-department='ENG-DATA'] a[data-drill]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("Data", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal(0, await page.Locator("#department-people").CountAsync());
        Assert.Equal(1, await page.Locator("[data-people-hidden]").CountAsync());
    }

    [Fact]
    public async Task Leadership_opens_a_department_without_people_and_follows_a_flow_cell_to_its_items()
    {
        await using var context = await site.ContextAsync("leadership");
        var page = await OpenAsync(context, "/Departments");
        var errors = BrowserSite.CollectErrors(page);

        await page.ClickAsync("#departments tr[data-department='ENG-PLT'] a[data-drill]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await page.Locator("#department-people").CountAsync());
        Assert.Equal(1, await page.Locator("[data-people-hidden]").CountAsync());
        Assert.Equal(1, await page.Locator("#department-figures").CountAsync());

        // A month of the trend opens the page for that month.
        var month = await page.Locator("#department-trend tbody tr").First.GetAttributeAsync("data-month");
        await page.Locator("#department-trend tbody tr").First.Locator("a").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains($"period={month}", page.Url, StringComparison.Ordinal);
        Assert.Equal(month, (await page.InnerTextAsync("[data-period]")).Trim());

        await page.GotoAsync("/Departments");
        await page.Locator("#flow a[data-flow-cell]").First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("/Departments/Flow?from=", page.Url, StringComparison.Ordinal);
        Assert.True(await page.Locator("#flow-items tbody tr").CountAsync() > 0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_employee_cannot_open_another_persons_profile_from_the_leaderboard()
    {
        await using var context = await site.ContextAsync("employee");
        var page = await OpenAsync(context, "/Leaderboard");

        var links = await page.Locator("#leaderboard a[data-profile]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.All(links, href => Assert.StartsWith($"/People/{site.People.Employee}?", href, StringComparison.Ordinal));
        var other = await page.Locator($"#leaderboard tbody tr:not([data-person='{site.People.Employee}'])").First.GetAttributeAsync("data-person");
        Assert.NotNull(other);
        var response = await page.GotoAsync($"/People/{other}");
        // Denied: the server answers 403 or sends the browser to "access denied", never the profile.
        Assert.True(response!.Status == 403 || new Uri(page.Url).AbsolutePath == "/Account/AccessDenied", $"{page.Url} {response.Status}");
        Assert.Equal(0, await page.Locator("[data-person-name]").CountAsync());
    }

    [Fact]
    public async Task The_department_and_flow_pages_fit_a_phone()
    {
        await using var context = await site.ContextAsync("hr", 390, 800);
        foreach (var route in new[] { "/Departments/3", "/Departments/Flow?from=ENG&to=SAL" })
        {
            var page = await OpenAsync(context, route);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{route} is {width} px wide at 390 px");
        }
    }
}

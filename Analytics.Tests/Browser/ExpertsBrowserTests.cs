using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>An employee finds who knows a topic, with the suggestions list filled server-side (no script), and opens the topic's page.</summary>
public sealed class ExpertsBrowserTests(SharedBrowserSite site) : IClassFixture<SharedBrowserSite>
{
    [Fact]
    public async Task Employee_searches_a_topic_in_any_spelling_sees_ranked_experts_and_opens_the_topic_page()
    {
        await using var context = await site.ContextAsync("employee");
        var page = await context.NewPageAsync();
        var errors = BrowserSite.CollectErrors(page);
        await page.GotoAsync("/People/Me");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.ClickAsync("nav a[href='/Experts']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // Suggestions as you type come from a <datalist> the server filled: no script involved.
        Assert.Equal("topic-list", await page.GetAttributeAsync("#topic", "list"));
        Assert.True(await page.Locator("#topic-list option[value='pipeline']").CountAsync() == 1);

        await page.FillAsync("#topic", "Pipelines");
        await page.ClickAsync("form.search button");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("topic=Pipelines", page.Url, StringComparison.Ordinal);
        var rows = page.Locator("table[data-table='experts'] tbody tr");
        Assert.True(await rows.CountAsync() > 0, "no experts listed");
        Assert.Equal("1", (await rows.First.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("@", await rows.First.Locator("a[data-email]").InnerTextAsync(), StringComparison.Ordinal);

        await page.ClickAsync("a[data-topic='pipeline']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("pipeline", (await page.InnerTextAsync("h1")).Trim());
        Assert.True(await page.Locator("table[data-table='monthly'] tbody tr").CountAsync() >= 12);
        // An employee sees no department figures on a topic page (group figures are for HR, managers and leadership).
        Assert.Equal(0, await page.Locator("table[data-table='producing']").CountAsync());

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("experts-topic-employee"), FullPage = true });
        Assert.True(errors.Count == 0, $"console errors: {string.Join(" | ", errors)}");
    }
}

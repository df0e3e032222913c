using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

public sealed class PeopleBrowserTests : IClassFixture<SharedBrowserSite>
{
    private readonly SharedBrowserSite _site;

    public PeopleBrowserTests(SharedBrowserSite site) => _site = site;

    [Fact]
    public async Task Manager_searches_and_opens_a_profile_in_their_line_with_its_chart_and_no_console_errors()
    {
        var people = await DemoPeople.LoadAsync(_site.Server.Factory);
        await using var context = await _site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _site.Server.Address.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='manager']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.ClickAsync("nav a[href='/People']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var target = $"a[data-person='{people.InLine}']";
        var name = await page.InnerTextAsync(target);
        var firstWord = name.Split(' ')[0];
        await page.FillAsync("#q", firstWord);
        await page.ClickAsync("form.search button");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains($"q={Uri.EscapeDataString(firstWord)}", page.Url, StringComparison.Ordinal);

        await page.ClickAsync(target);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.EndsWith($"/People/{people.InLine}", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(name, await page.InnerTextAsync("h1"));
        var chartWidth = await page.EvalOnSelectorAsync<int>("img.chart", "img => img.complete ? img.naturalWidth : 0");
        Assert.Equal(800, chartWidth);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("people-profile-manager"), FullPage = true });
        Assert.True(errors.Count == 0, $"console errors: {string.Join(" | ", errors)}");
    }
}

using System.Globalization;
using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Recognition;

public sealed class AwardFromSuggestionBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private LiveServer _server = null!;

    public Task InitializeAsync() => Task.Run(() => _server = LiveServer.Start());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_manager_awards_someone_from_a_suggestion_and_sees_the_budget_drop()
    {
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Address.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='manager']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.GotoAsync("/Recognition");
        var before = int.Parse(await page.InnerTextAsync("[data-budget='remaining']"), CultureInfo.InvariantCulture);

        var suggestion = page.Locator("tr[data-suggestion]").First;
        var name = await suggestion.Locator("td").Nth(1).InnerTextAsync();
        await suggestion.Locator("a.button").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(name, await page.InnerTextAsync("[data-recipient]"));

        await page.FillAsync("#Form_Message", "Thank you for the design docs the other teams keep reusing");
        await page.FillAsync("#Form_Points", "20");
        await page.ClickAsync("form[data-award-form] button[type='submit']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal("Award given.", await page.InnerTextAsync("p.notice"));
        var after = int.Parse(await page.InnerTextAsync("[data-budget='remaining']"), CultureInfo.InvariantCulture);
        Assert.Equal(before - 20, after);
        Assert.Contains(name, await page.InnerTextAsync("#given-heading + .scroll table"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("recognition-award-from-suggestion"), FullPage = true });
        Assert.True(errors.Count == 0, $"console errors: {string.Join(" | ", errors)}");
    }
}

using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

public sealed class SignInAndOverviewBrowserTests : IClassFixture<SharedBrowserSite>
{
    private readonly SharedBrowserSite _site;

    public SignInAndOverviewBrowserTests(SharedBrowserSite site) => _site = site;

    [Fact]
    public async Task Every_demo_role_signs_in_from_the_listed_accounts_and_sees_its_start_page_without_console_errors()
    {
        foreach (var account in DemoAccounts.All)
        {
            await using var context = await _site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _site.Server.Address.ToString() });
            var page = await context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            page.PageError += (_, error) => errors.Add(error);
            page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

            await page.GotoAsync("/");
            Assert.EndsWith("/Account/SignIn", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            await page.ClickAsync($"button[data-demo-user='{account.UserName}']");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            if (account.Role is Roles.HR or Roles.Leadership or Roles.Manager)
            {
                Assert.Equal("Overview", await page.InnerTextAsync("h1"));
                var contributions = await page.InnerTextAsync("[data-kpi='contributions']");
                Assert.NotEqual("0", contributions);
                // The chart image loaded: the browser decoded a picture of the size the server drew.
                var chartWidth = await page.EvalOnSelectorAsync<int>("img.chart", "img => img.complete ? img.naturalWidth : 0");
                Assert.Equal(800, chartWidth);
            }
            else if (account.Role == Roles.Employee)
            {
                // Without group figures the start page is one's own profile (/People/Me).
                Assert.Matches("^/People/[0-9]+$", new Uri(page.Url).AbsolutePath);
                var chartWidth = await page.EvalOnSelectorAsync<int>("img.chart", "img => img.complete ? img.naturalWidth : 0");
                Assert.Equal(800, chartWidth);
            }
            else
            {
                // The administrator is no employee: /People/Me falls back to the (empty) search.
                Assert.Equal("People", await page.InnerTextAsync("h1"));
            }

            Assert.Contains(account.UserName, await page.InnerTextAsync(".who"), StringComparison.Ordinal);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"start-page-{account.UserName}"), FullPage = true });
            Assert.True(errors.Count == 0, $"{account.UserName}: console errors: {string.Join(" | ", errors)}");
        }
    }
}

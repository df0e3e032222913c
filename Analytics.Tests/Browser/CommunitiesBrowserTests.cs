using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>The Communities pages in Chromium for each role that may open them, and HR's form, over real Kestrel.</summary>
public sealed class CommunitiesBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    [Theory]
    [InlineData("hr")]
    [InlineData("leadership")]
    [InlineData("manager")]
    public async Task A_role_with_aggregates_opens_the_list_and_a_community_and_changes_the_month(string user)
    {
        await using var context = await site.ContextAsync(user);
        var page = await context.NewPageAsync();
        var errors = BrowserSite.CollectErrors(page);

        await page.GotoAsync("/Communities");
        Assert.Equal("Communities of practice", (await page.InnerTextAsync("h1")).Trim());
        Assert.Equal("page", await page.GetAttributeAsync("nav a[href='/Communities']", "aria-current"));
        var rows = page.Locator("#communities tbody tr");
        Assert.True(await rows.CountAsync() >= 5, "the demo's communities");
        // Every row has either figures or the "fewer than" note, and a trend picture with a text alternative.
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            var figures = await row.Locator("[data-metric='members']").CountAsync();
            var note = await row.Locator("[data-suppressed]").CountAsync();
            Assert.Equal(1, figures + note);
            Assert.StartsWith("Members per month:", await row.Locator("svg").GetAttributeAsync("aria-label") ?? "", StringComparison.Ordinal);
        }

        Assert.Equal(user == "hr" ? 1 : 0, await page.Locator("a[href='/Communities/Manage']").CountAsync());

        await page.ClickAsync("#communities tbody tr:first-child th a");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Matches("/Communities/\\d+", new Uri(page.Url).AbsolutePath);
        Assert.Equal(12, await page.Locator("#trend tbody tr").CountAsync());
        Assert.True(await page.Locator("#definition li").CountAsync() > 0);

        // Another month through the form: the URL and the page say which.
        var month = DateTime.UtcNow.AddMonths(-2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await page.FillAsync("#period", month);
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains($"period={month}", page.Url, StringComparison.Ordinal);
        Assert.Equal(month, (await page.InnerTextAsync("[data-period]")).Trim());

        Assert.True(errors.Count == 0, string.Join(" | ", errors));
    }

    [Fact]
    public async Task An_employee_is_kept_out()
    {
        await using var context = await site.ContextAsync("employee");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Communities");
        Assert.Equal("/Account/AccessDenied", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.Locator("nav a[href='/Communities']").CountAsync());
    }

    [Fact]
    public async Task Hr_creates_a_community_adds_a_tag_and_finds_it_on_the_list()
    {
        await using var context = await site.ContextAsync("hr");
        var page = await context.NewPageAsync();
        var errors = BrowserSite.CollectErrors(page);
        await page.GotoAsync("/Communities/Manage");

        await page.FillAsync("#create-name", "Browser guild");
        await page.SelectOptionAsync("#create-source", new SelectOptionValue { Label = "qa" });
        await page.FillAsync("#create-value", "pipeline");
        await page.ClickAsync("#create-community button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("Community \"Browser guild\" created.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        var card = page.Locator("article.community", new() { HasText = "Browser guild" });
        await card.Locator("select[name=sourceSystemId]").SelectOptionAsync(new SelectOptionValue { Label = "wiki" });
        await card.Locator("input[name=value]").FillAsync("proposals");
        await card.Locator("form[action*='AddMember'] button").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(2, await page.Locator("article.community", new() { HasText = "Browser guild" }).Locator("li").CountAsync());
        Assert.Contains("community.member-added", await page.InnerTextAsync("#audit"), StringComparison.Ordinal);

        await page.GotoAsync("/Communities");
        Assert.Equal(1, await page.Locator("#communities th a", new() { HasText = "Browser guild" }).CountAsync());
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
    }
}

using Analytics.Web.Access;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>The header on a phone (390 px, an iPhone 14) and on a desktop: reachable, marked, keyboard operable.</summary>
public sealed class ResponsiveHeaderBrowserTests(SharedBrowserSite site) : IClassFixture<SharedBrowserSite>
{
    private const int Phone = 390;

    public static TheoryData<string> Users => new(DemoAccounts.All.Select(a => a.UserName));

    [Theory]
    [MemberData(nameof(Users))]
    public async Task At_390_px_sign_out_is_visible_inside_the_viewport_and_nothing_overflows(string user)
    {
        await using var context = await site.ContextAsync(user, Phone, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Leaderboard");

        var signOut = page.Locator("form.signout button");
        Assert.True(await signOut.IsVisibleAsync());
        var box = await signOut.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= Phone, $"Sign out spans {box.X}..{box.X + box.Width}, the viewport is {Phone} wide");
        Assert.True(box.Y >= 0 && box.Y + box.Height <= 844);
        // Nothing widens the page: wide tables scroll inside their own box.
        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(pageWidth <= Phone, $"the page is {pageWidth} px wide at a {Phone} px viewport");
    }

    [Fact]
    public async Task At_390_px_the_menu_opens_by_keyboard_and_marks_the_current_page()
    {
        await using var context = await site.ContextAsync("hr", Phone, 844);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/People/{site.People.Outsider}");

        var people = page.Locator("nav[aria-label='Main'] a[href='/People']");
        Assert.False(await people.IsVisibleAsync());
        await page.FocusAsync(".menu > summary");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await people.IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Support.Chromium.ScreenshotPath("menu-open-390-hr") });
        var box = await people.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= Phone);

        // A profile belongs to People: that entry, and only that one, is the current page.
        Assert.Equal("page", await people.GetAttributeAsync("aria-current"));
        var current = await page.Locator("nav[aria-label='Main'] a[aria-current]").AllInnerTextsAsync();
        Assert.Equal(["People"], current);
    }

    [Fact]
    public async Task On_a_desktop_the_menu_is_a_row_of_links_and_the_skip_link_leads_to_the_content()
    {
        await using var context = await site.ContextAsync("hr", 1440, 900);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Departments");

        Assert.False(await page.Locator(".menu > summary").IsVisibleAsync());
        Assert.True(await page.Locator("nav[aria-label='Main'] a[href='/Scoring']").IsVisibleAsync());
        Assert.Equal(["Departments"], await page.Locator("nav[aria-label='Main'] a[aria-current]").AllInnerTextsAsync());

        // The first Tab stop is the skip link, visible when focused; following it moves focus to <main>.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        Assert.True(await page.Locator(".skip-link").IsVisibleAsync());
        var skip = await page.Locator(".skip-link").BoundingBoxAsync();
        Assert.NotNull(skip);
        Assert.True(skip.Y >= 0);
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }
}

using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// The print stylesheet (issue 21 part 4) on the overview, departments and a profile, in Chromium's print media: no
/// navigation, forms or export links; nothing wider than the page; table rows not split; internal links without their
/// address. Each page is also printed to PDF and screenshot in print media into artifacts/ for people to look at.
/// </summary>
public sealed class PrintBrowserTests(SharedBrowserSite site) : IClassFixture<SharedBrowserSite>
{
    // An A4 page's printable width at 96 dpi with 15 mm margins: 210 mm - 30 mm = 180 mm ≈ 680 px.
    private const int PrintWidth = 680;

    [Theory]
    [InlineData("/", "overview")]
    [InlineData("/Departments", "departments")]
    [InlineData("/People/{employee}", "profile")]
    public async Task In_print_the_page_has_no_navigation_forms_or_export_links_and_fits_the_paper(string route, string name)
    {
        await using var context = await site.ContextAsync("hr", PrintWidth, 1000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.People.Resolve(route));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // On screen the navigation is there: the assertions below are about print.
        Assert.True(await page.Locator("nav[aria-label]").First.IsVisibleAsync() || await page.Locator(".menu > summary").IsVisibleAsync());

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        Assert.Equal("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.topbar')).display"));
        Assert.False(await page.Locator("header nav, .menu").First.IsVisibleAsync(), "the navigation shows in print");
        Assert.Equal(0, await VisibleCountAsync(page, "form"));
        Assert.Equal(0, await VisibleCountAsync(page, "a.export"));
        Assert.True(await VisibleCountAsync(page, "table.data") > 0, "no table left to print");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= PrintWidth, $"{route} is {width} px wide in print, wider than the paper ({PrintWidth} px)");
        Assert.Equal("avoid", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('table.data tbody tr')).breakInside"));
        // Internal links print as text; their address would be noise on paper.
        var internalAfter = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('main a[href^=\"/\"]'), '::after').content");
        Assert.True(internalAfter is "none" or "normal", $"an internal link prints {internalAfter}");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"print-{name}"), FullPage = true });
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        await File.WriteAllBytesAsync(Path.ChangeExtension(Chromium.ScreenshotPath($"print-{name}"), ".pdf"), pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
    }

    private static Task<int> VisibleCountAsync(IPage page, string selector) =>
        page.EvaluateAsync<int>($"() => [...document.querySelectorAll('{selector}')].filter(e => e.checkVisibility()).length");
}

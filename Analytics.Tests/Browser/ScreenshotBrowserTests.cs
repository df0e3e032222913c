using Analytics.Tests.Support;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>
/// A full-page screenshot of every page HR can open, on a desktop (1440 px) and a phone (390 px), into
/// artifacts/screenshots/page-{name}-{width}.png for people to look at; each also asserts the page is no wider
/// than the viewport and logs no console error. One class per width (below), so the two halves run side by side: the
/// tests of one class run one after another, navigating one page (<see cref="SharedBrowserSite.PageOfClassAsync"/>).
/// </summary>
public abstract class ScreenshotBrowserTests(SharedBrowserSite site)
{
    public static TheoryData<string, int> PageAndWidth(int width)
    {
        var data = new TheoryData<string, int>();
        foreach (var (route, users) in AccessibilityBrowserTests.Pages)
        {
            if (!users.Contains("hr"))
                continue;
            data.Add(route, width);
        }
        return data;
    }

    protected async Task ScreenshotAsync(string route, int width)
    {
        var page = await site.PageOfClassAsync("hr", width);
        using var watch = PageErrors.Watch(page);
        var errors = watch.Messages;
        await page.GotoAsync(site.People.Resolve(route));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var name = route.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"page-{(name.Length == 0 ? "overview" : name)}-{width}"), FullPage = true });

        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(pageWidth <= width, $"{route} is {pageWidth} px wide at {width} px");
        // The 404 page answers 404 by design; anything else failing is an error.
        Assert.True(errors.All(e => route.StartsWith("/no-such", StringComparison.Ordinal) && e.Contains("404", StringComparison.Ordinal)),
            $"{route}: {string.Join(" | ", errors)}");
    }
}

public sealed class ScreenshotsAtDesktopWidth(SharedBrowserSite site) : ScreenshotBrowserTests(site), IClassFixture<SharedBrowserSite>
{
    [Theory]
    [MemberData(nameof(PageAndWidth), 1440)]
    public Task Every_page_as_HR_at_desktop_and_phone_width(string route, int width) => ScreenshotAsync(route, width);
}

public sealed class ScreenshotsAtPhoneWidth(SharedBrowserSite site) : ScreenshotBrowserTests(site), IClassFixture<SharedBrowserSite>
{
    [Theory]
    [MemberData(nameof(PageAndWidth), 390)]
    public Task Every_page_as_HR_at_desktop_and_phone_width(string route, int width) => ScreenshotAsync(route, width);
}

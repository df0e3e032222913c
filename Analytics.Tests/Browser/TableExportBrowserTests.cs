using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>The export link next to a table downloads that table with the filters the page shows.</summary>
public sealed class TableExportBrowserTests : IClassFixture<SharedBrowserSite>
{
    private readonly SharedBrowserSite _site;

    public TableExportBrowserTests(SharedBrowserSite site) => _site = site;

    [Fact]
    public async Task Leadership_changes_the_leaderboard_filters_and_the_export_link_downloads_that_ranking()
    {
        await using var context = await _site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _site.Server.Address.ToString(), AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='leadership']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.GotoAsync("/Leaderboard");
        await page.SelectOptionAsync("#metric", "reuse");
        await page.SelectOptionAsync("#scope", "ENG");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var period = (await page.InnerTextAsync("[data-period]")).Trim();
        var shown = await page.Locator("#leaderboard tbody tr").CountAsync();
        Assert.True(shown > 0);
        var names = await page.Locator("#leaderboard tbody tr td:nth-child(2)").AllInnerTextsAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.export"));
        Assert.Equal($"leaderboard-{period}-reuse-ENG.xlsx", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var rows = workbook.Worksheet("Leaderboard").RowsUsed().Skip(1).ToList();
        Assert.Equal(names.Select(n => n.Trim()), rows.Select(r => r.Cell(2).GetString()));

        await page.GotoAsync("/Departments");
        var departments = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.export[href^='/exports/departments.xlsx']"));
        Assert.StartsWith("departments-", departments.SuggestedFilename, StringComparison.Ordinal);
        using var tree = new XLWorkbook(new MemoryStream(await File.ReadAllBytesAsync((await departments.PathAsync())!)));
        Assert.Equal(await page.Locator("#departments tbody tr").CountAsync(), tree.Worksheet("Departments").RowsUsed().Count() - 1);
    }
}

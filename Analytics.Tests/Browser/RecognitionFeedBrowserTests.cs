using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Analytics.Tests.Browser;

/// <summary>Issue 18: every role reads the recognition feed in a real browser; only the awardee can hide their award.</summary>
public sealed class RecognitionFeedBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    private const string Message = "Thank you for the on-call handbook everyone now follows";

    /// <summary>An approved award from the demo manager to the demo employee, written as the award desk would.</summary>
    private async Task<long> ApprovedAwardAsync()
    {
        await using var scope = site.Server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        if (await db.RecognitionAwards.Where(a => a.Message == Message).Select(a => (long?)a.Id).FirstOrDefaultAsync() is { } existing)
            return existing;
        var (manager, employee) = (await db.Users.SingleAsync(u => u.UserName == "manager"), await db.Users.SingleAsync(u => u.UserName == "employee"));
        var budget = new RecognitionBudget { ManagerId = manager.EmployeeId!.Value, Year = DateTime.UtcNow.Year, Quarter = ((DateTime.UtcNow.Month - 1) / 3) + 1, Points = 500, Spent = 0 };
        var existingBudget = await db.RecognitionBudgets.SingleOrDefaultAsync(b => b.ManagerId == budget.ManagerId && b.Year == budget.Year && b.Quarter == budget.Quarter);
        if (existingBudget is null)
            db.RecognitionBudgets.Add(budget);
        var award = new RecognitionAward
        {
            GiverId = manager.EmployeeId!.Value, RecipientId = employee.EmployeeId!.Value, Budget = existingBudget ?? budget,
            Category = RecognitionCategory.Sharing, Message = Message, Points = 20, Status = AwardStatus.Approved, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.RecognitionAwards.Add(award);
        (existingBudget ?? budget).Spent += 20;
        await db.SaveChangesAsync();
        return award.Id;
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("manager")]
    [InlineData("leadership")]
    [InlineData("admin")]
    [InlineData("employee")]
    public async Task Each_role_reads_the_feed_from_the_menu_and_only_the_awardee_may_hide(string user)
    {
        var id = await ApprovedAwardAsync();
        await using var context = await site.ContextAsync(user);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync("/Leaderboard");
        await page.ClickAsync("nav[aria-label='Main'] a[href='/Recognition/Feed']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal("Recognition feed", await page.InnerTextAsync("h1"));
        Assert.Equal(["Recognition feed"], await page.Locator("nav[aria-label='Main'] a[aria-current]").AllInnerTextsAsync());
        var entry = page.Locator($"li[data-award='{id.ToString(CultureInfo.InvariantCulture)}']");
        Assert.Equal(Message, await entry.Locator("[data-message]").InnerTextAsync());
        Assert.Equal("Sharing", await entry.Locator("[data-category-name]").InnerTextAsync());
        Assert.Equal(user == "employee" ? 1 : 0, await entry.Locator("button", new() { HasText = "Hide from the feed" }).CountAsync());

        // The filters travel in the address.
        await page.SelectOptionAsync("#category", "mentoring");
        await page.ClickAsync("form.filters button[type='submit']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Contains("category=mentoring", page.Url, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator($"li[data-award='{id.ToString(CultureInfo.InvariantCulture)}']").CountAsync());
        await page.GotoAsync("/Recognition/Feed");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"recognition-feed-{user}"), FullPage = true });
        Assert.True(errors.Count == 0, $"console errors: {string.Join(" | ", errors)}");
    }

    [Fact]
    public async Task On_a_phone_the_awardee_reads_each_award_whole_with_its_hide_button_on_screen()
    {
        var id = await ApprovedAwardAsync();
        await using var context = await site.ContextAsync("employee", width: 390, height: 844);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Recognition/Mine");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Seen before: a narrow strip of date, giver, category and points; the message and the button were off to the side.
        var row = page.Locator($"tr[data-award='{id.ToString(CultureInfo.InvariantCulture)}']");
        foreach (var part in new[] { row.Locator("td[data-label='Message']"), row.Locator("button", new() { HasText = "Hide from the feed" }) })
        {
            var box = await part.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{await part.InnerTextAsync()} spans {box.X:0}..{box.X + box.Width:0} px of a 390 px screen");
        }

        Assert.Contains(Message, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("recognition-mine-employee-390"), FullPage = true });
    }
}

using System.Net;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Analytics.Tests.Security;

/// <summary>
/// Names and titles are data from HR systems and source systems, so markup in them must render as text.
/// Every person, employee, department and item title is given two payloads straight in the database;
/// each page that shows them is read raw (encoded?) and in Chromium (no dialog, no injected image).
/// </summary>
public sealed class OutputEncodingTests : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string ScriptPayload = "<script>alert(1)</script>";
    private const string AttributePayload = "\"><img src=x onerror=alert(1)>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private const string EncodedAttribute = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";

    private readonly Chromium _chromium;
    private LiveServer _server = null!;
    private DemoPeople _people = null!;

    public OutputEncodingTests(Chromium chromium) => _chromium = chromium;

    public async Task InitializeAsync()
    {
        await Task.Run(() => _server = LiveServer.Start());
        _people = await DemoPeople.LoadAsync(_server.Factory);
        await using var scope = _server.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        await db.Persons.ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayName, p => ScriptPayload + AttributePayload + " " + p.DisplayName));
        await db.Employees.ExecuteUpdateAsync(s => s.SetProperty(e => e.DisplayName, e => ScriptPayload + AttributePayload + " " + e.EmployeeNumber));
        await db.Departments.ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, d => ScriptPayload + AttributePayload + " " + d.Code));
        await db.KnowledgeItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, i => ScriptPayload + AttributePayload + " item"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Page, the user who may open it, and why the payload must be on it.</summary>
    private (string Page, string User, string Shows)[] Pages =>
    [
        ($"/People/{_people.Outsider}", "hr", "person name"),
        ("/People?q=script", "hr", "person names in search"),
        ("/Leaderboard", "hr", "person names in the ranking"),
        ("/Departments", "hr", "department names"),
        ($"/Recognition?person={_people.InLine}", "manager", "line member names"),
    ];

    [Fact]
    public async Task Markup_in_names_and_titles_is_encoded_in_the_raw_HTML_of_every_page_that_shows_it()
    {
        foreach (var group in Pages.GroupBy(p => p.User))
        {
            using var client = await ClientAsync(group.Key);
            foreach (var (page, _, shows) in group)
                AssertEncoded(await client.GetStringAsync(page), $"{page} ({shows})");
        }

        // Item titles show on a profile under "most reused": at least one profile lists one, encoded.
        using var hr = await ClientAsync("hr");
        var profiles = await Task.WhenAll(_people.ManagerLine.Append(_people.Outsider).Select(id => hr.GetStringAsync($"/People/{id}")));
        Assert.Contains(profiles, html => html.Contains(EncodedScript + EncodedAttribute + " item", StringComparison.Ordinal));
        Assert.All(profiles, html => AssertEncoded(html, "profile"));
    }

    [Fact]
    public async Task In_Chromium_no_page_that_shows_the_payloads_opens_a_dialog_or_gains_an_element()
    {
        var dialogs = new List<string>();
        foreach (var group in Pages.GroupBy(p => p.User))
        {
            await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Address.ToString() });
            var page = await context.NewPageAsync();
            page.Dialog += async (_, dialog) =>
            {
                dialogs.Add($"{page.Url}: {dialog.Message}");
                await dialog.DismissAsync();
            };
            await page.GotoAsync("/Account/SignIn");
            await page.ClickAsync($"button[data-demo-user='{group.Key}']");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            foreach (var (path, _, shows) in group)
            {
                await page.GotoAsync(path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
                // The payload is on the page as text someone can read.
                var text = await page.InnerTextAsync("main");
                Assert.True(text.Contains(ScriptPayload, StringComparison.Ordinal), $"{path} does not show the {shows} as text");
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"encoding-{group.Key}"), FullPage = true });
        }

        Assert.True(dialogs.Count == 0, "dialogs: " + string.Join(" | ", dialogs));
    }

    [Fact]
    public async Task The_job_dashboard_runs_in_Chromium_without_content_security_policy_violations()
    {
        await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Address.ToString() });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                violations.Add(message.Text);
        };
        await page.GotoAsync("/Account/SignIn");
        await page.ClickAsync("button[data-demo-user='admin']");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        foreach (var path in new[] { "/jobs", "/jobs/recurring", "/jobs/jobs/succeeded" })
        {
            var response = await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        }

        Assert.True(violations.Count == 0, "CSP violations: " + string.Join(" | ", violations));
    }

    private static void AssertEncoded(string html, string where)
    {
        Assert.False(html.Contains(ScriptPayload, StringComparison.Ordinal), $"{where}: raw <script> payload");
        Assert.False(html.Contains("<img src=x", StringComparison.Ordinal), $"{where}: raw <img> payload");
        Assert.True(html.Contains(EncodedScript, StringComparison.Ordinal) || where == "profile", $"{where}: the encoded payload is missing, so the page did not show the value");
        Assert.True(html.Contains(EncodedAttribute, StringComparison.Ordinal) || where == "profile", $"{where}: the encoded attribute payload is missing");
    }

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };
        await SignIn.AsAsync(client, user);
        return client;
    }
}

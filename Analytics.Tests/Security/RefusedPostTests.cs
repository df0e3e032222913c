using System.Net;
using System.Reflection;
using Analytics.Tests.Support;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16 break 3, swept over every POST handler (ADR 1662): a value that is not a whole number, or a number
/// left out, used to reach the handler as 0 (person 0, award 0, rule 0, a budget of 0). Every such post is now
/// refused before the handler with 400 and the page listing why, and nothing is stored.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class RefusedPostTests(SecurityApp app)
{
    [Fact]
    public void Every_page_with_a_POST_handler_can_show_itself_again_after_a_refused_post()
    {
        var posting = typeof(IFormPage).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .Where(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly).Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
            .ToList();
        // Scoring, Sources, Reports, SignIn, SignOut, Approvals, awards, Budgets, Identities today.
        Assert.True(posting.Count >= 9, $"only {posting.Count} posting pages found");
        Assert.All(posting, t => Assert.True(typeof(IFormPage).IsAssignableFrom(t), $"{t.FullName} has a POST handler but does not implement IFormPage"));
    }

    [Theory]
    [InlineData("/Identities", "Accept", "id=0x10")]
    [InlineData("/Identities", "Reject", "")]
    [InlineData("/Identities", "AcceptMatch", "id=1.0")]
    [InlineData("/Identities", "RejectMatch", "id=")]
    [InlineData("/Identities", "Merge", "target=1.0&other=2")]
    [InlineData("/Identities", "Merge", "target=2")]
    [InlineData("/Identities", "Split", "account=ten")]
    [InlineData("/Recognition/Approvals", "Approve", "id=1e3")]
    [InlineData("/Recognition/Approvals", "Reject", "reason=no+id")]
    [InlineData("/Scoring", "Withdraw", "ruleId=%EF%BC%91")]
    [InlineData("/Scoring", "Withdraw", "")]
    [InlineData("/Recognition/Budgets", null, "managerId=1&year=2026&quarter=4")]
    [InlineData("/Sources/1", "Sync", "pageNumber=abc")]
    public async Task A_post_with_an_id_that_is_missing_or_not_a_whole_number_is_refused_and_stores_nothing(string page, string? handler, string query)
    {
        // Sources are the administrator's; every other page here is HR's.
        using var hr = await app.ClientAsync(page.StartsWith("/Sources", StringComparison.Ordinal) ? "admin" : "hr");
        var token = await SignIn.AntiforgeryTokenAsync(hr, page);
        var fields = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        fields["__RequestVerificationToken"] = token;
        var before = await app.DatabaseFingerprintAsync();

        var response = await hr.PostAsync(handler is null ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode} {response.Headers.Location}");
        Assert.Contains("class=\"error-list", html, StringComparison.Ordinal);
        Assert.Contains("<h1>", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Fact]
    public async Task A_scoring_rule_posted_without_points_is_refused_instead_of_stored_as_0_points()
    {
        using var hr = await app.ClientAsync("hr");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(hr, "/Scoring"),
            ["Form.Type"] = "Answered",
            ["Form.EffectiveFrom"] = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        var before = await app.DatabaseFingerprintAsync();

        var response = await hr.PostAsync("/Scoring", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("PointsPerEvent", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }
}

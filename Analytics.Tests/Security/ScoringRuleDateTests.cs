using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16, break 8: a rule dated 9999-12-31 froze its type (later rules refused, nothing undid it). Effective
/// dates are bounded (ADR 1643), and HR withdraws a rule that has not started, audited, on the page and the API.
/// </summary>
public sealed class ScoringRuleDateTests : IAsyncLifetime
{
    private LiveServer _server = null!;

    public Task InitializeAsync() => Task.Run(() => _server = LiveServer.Start());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_rule_dated_9999_12_31_is_refused_with_a_message_on_the_form_and_the_api()
    {
        using var hr = await ClientAsync();
        var rulesBefore = await RuleCountAsync();

        var form = await PostFormAsync(hr, "/Scoring", new()
        {
            ["Form.Type"] = "Authored", ["Form.PointsPerEvent"] = "7", ["Form.EffectiveFrom"] = "9999-12-31",
        });
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var html = WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync());
        Assert.Contains("9999-12-31 is refused: the effective date must be between 2000-01-01 and", html, StringComparison.Ordinal);

        var api = await PostApiAsync(hr, "/api/scoring/rules", new { type = "authored", pointsPerEvent = 7, effectiveFrom = "9999-12-31" });
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains("9999-12-31 is refused", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The last day of the range is accepted, the day after it is not.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var last = today.AddYears(ScoringRuleStore.MaxYearsAhead);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostApiAsync(hr, "/api/scoring/rules", new { type = "mentored", pointsPerEvent = 3, effectiveFrom = Day(last.AddDays(1)) })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostApiAsync(hr, "/api/scoring/rules", new { type = "mentored", pointsPerEvent = 3, effectiveFrom = Day(last) })).StatusCode);
        Assert.Equal(rulesBefore + 1, await RuleCountAsync());
        Assert.Equal(0, await WithDbAsync(db => db.ScoringRules.CountAsync(r => r.EffectiveFrom > last)));
    }

    [Fact]
    public async Task A_future_rule_withdrawn_on_the_page_or_the_api_lets_an_earlier_rule_in_and_is_audited()
    {
        using var hr = await ClientAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var inForce = await WithDbAsync(db => db.ScoringRules.AsNoTracking().SingleAsync(r => r.Type == Analytics.Domain.Knowledge.ActivityType.Answered && r.EffectiveTo == null));

        // A rule a year ahead; a rule before it is then refused (changes only add to the end of the history).
        var future = await PostApiAsync(hr, "/api/scoring/rules", new { type = "answered", pointsPerEvent = 9, effectiveFrom = Day(today.AddYears(1)) });
        Assert.Equal(HttpStatusCode.Created, future.StatusCode);
        var futureId = (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var blocked = await PostApiAsync(hr, "/api/scoring/rules", new { type = "answered", pointsPerEvent = 6, effectiveFrom = Day(today.AddMonths(6)) });
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);

        // The rule in force cannot be withdrawn; the future one can, on the page.
        Assert.Equal(HttpStatusCode.Conflict, (await PostApiAsync(hr, $"/api/scoring/rules/{inForce.Id}/withdraw", new { })).StatusCode);
        var withdrawn = await PostFormAsync(hr, "/Scoring?handler=Withdraw", new() { ["ruleId"] = futureId.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Null((await WithDbAsync(db => db.ScoringRules.AsNoTracking().SingleAsync(r => r.Id == inForce.Id))).EffectiveTo);

        // The earlier rule now goes in; a second future one is withdrawn through the API.
        var corrected = await PostApiAsync(hr, "/api/scoring/rules", new { type = "answered", pointsPerEvent = 6, effectiveFrom = Day(today.AddMonths(6)) });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var correctedId = (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await PostApiAsync(hr, $"/api/scoring/rules/{correctedId}/withdraw", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostApiAsync(hr, $"/api/scoring/rules/{correctedId}/withdraw", new { })).StatusCode);

        var rules = await WithDbAsync(db => db.ScoringRules.AsNoTracking().Where(r => r.Type == Analytics.Domain.Knowledge.ActivityType.Answered).ToListAsync());
        Assert.DoesNotContain(rules, r => r.Id == futureId || r.Id == correctedId);
        Assert.Null(rules.Single(r => r.Id == inForce.Id).EffectiveTo);

        var audit = await WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == "ScoringRule:answered").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["scoring.changed", "scoring.withdrawn", "scoring.changed", "scoring.withdrawn"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("hr", a.Actor));
        Assert.StartsWith(FormattableString.Invariant($"rule {futureId} from {today.AddYears(1):yyyy-MM-dd}: 9 points"), audit[1].Details, StringComparison.Ordinal);

        // The page shows the withdrawal in its audit trail.
        var page = WebUtility.HtmlDecode(await hr.GetStringAsync("/Scoring"));
        Assert.Contains("scoring.withdrawn", page, StringComparison.Ordinal);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> ClientAsync()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };
        await SignIn.AsAsync(client, "hr");
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, "/Scoring");
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpResponseMessage> PostApiAsync(HttpClient client, string path, object body)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Scoring");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", token);
        return await client.SendAsync(request);
    }

    private Task<int> RuleCountAsync() => WithDbAsync(db => db.ScoringRules.CountAsync());

    private async Task<T> WithDbAsync<T>(Func<Analytics.Domain.Persistence.AnalyticsDbContext, Task<T>> work)
    {
        await using var scope = _server.Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>());
    }
}

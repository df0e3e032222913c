using System.Net;
using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web;

public sealed class AdminTests : IClassFixture<AdminTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private readonly AnalyticsWebFactory _web;

    public AdminTests(Factory factory) => _web = factory.Web;

    private static Dictionary<string, string> Change(string effectiveFrom) => new()
    {
        ["Form.Type"] = nameof(ActivityType.Answered),
        ["Form.PointsPerEvent"] = "7.5",
        ["Form.DailyCapPerPerson"] = "12",
        ["Form.EffectiveFrom"] = effectiveFrom,
    };

    [Fact]
    public async Task HR_changes_a_rule_with_an_effective_date_and_the_change_is_audited_and_shown()
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");
        // Within the two years ahead a rule may start (ADR 1643).
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);
        var label = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var form = Change(label);
        form["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, "/Scoring");

        var response = await client.PostAsync("/Scoring", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using (var scope = _web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            var rule = await db.ScoringRules.SingleAsync(r => r.Type == ActivityType.Answered && r.EffectiveFrom == from);
            Assert.Equal(7.5, rule.PointsPerEvent);
            Assert.Equal(12, rule.DailyCapPerPerson);
            Assert.Equal("hr", rule.CreatedBy);
            var audit = await db.AuditEntries.Where(a => a.Action == "scoring.changed" && a.Actor == "hr").ToListAsync();
            Assert.Contains(audit, a => a.Subject == "ScoringRule:answered" && a.Details!.Contains($"from {label}: 7.5 points", StringComparison.Ordinal));
        }

        var html = await client.GetStringAsync("/Scoring");
        Assert.Contains($"from {label}: 7.5 points", html, StringComparison.Ordinal);

        // The store only appends to the history: an earlier date comes back as a form error, nothing is written.
        form = Change(from.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        form["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, "/Scoring");
        var refused = await client.PostAsync("/Scoring", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("already starts on or after", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Form.PointsPerEvent", "NaN", 1)]
    [InlineData("Form.PointsPerEvent", "Infinity", 2)]
    [InlineData("Form.PointsPerEvent", "-Infinity", 3)]
    [InlineData("Form.PointsPerEvent", "1e308", 4)]
    [InlineData("Form.PointsPerEvent", "1e400", 5)]
    [InlineData("Form.CrossTeamPointsPerEvent", "NaN", 6)]
    [InlineData("Form.CrossTeamPointsPerEvent", "Infinity", 7)]
    public async Task A_rule_with_points_that_are_not_a_finite_number_in_range_is_refused_with_a_message(string field, string value, int daysAhead)
    {
        var effectiveFrom = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(18).AddDays(daysAhead).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");
        var form = Change(effectiveFrom);
        form[field] = value;
        form["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, "/Scoring");

        var response = await client.PostAsync("/Scoring", new FormUrlEncodedContent(form));

        // Refused before the handler (ADR 1662): 400, the page again with the refusal listed.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("class=\"error-list", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.False(await db.ScoringRules.AnyAsync(r => r.EffectiveFrom == DateOnly.Parse(effectiveFrom, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_rule_change_without_the_antiforgery_token_is_rejected()
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");
        var response = await client.PostAsync("/Scoring", new FormUrlEncodedContent(Change("2095-01-01")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.False(await db.ScoringRules.AnyAsync(r => r.EffectiveFrom == new DateOnly(2095, 1, 1)));
    }

    [Fact]
    public async Task A_manager_cannot_post_a_rule_change()
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "manager");
        // Authorization runs before the anti-forgery check: the manager is turned away by role, token or not.
        var response = await client.PostAsync("/Scoring", new FormUrlEncodedContent(Change("2096-01-01")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task<(int Suggestion, int Account, int Employee)> StrayAccountWithSuggestionAsync(string key)
    {
        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var employee = await db.Employees.OrderByDescending(e => e.Id).Select(e => e.Id).FirstAsync();
        var source = await db.SourceSystems.Select(s => s.Id).FirstAsync();
        var person = new Person { DisplayName = "Stray " + key, CreatedAt = DateTimeOffset.UtcNow };
        var account = new SourceAccount { SourceSystemId = source, ExternalId = "stray-" + key, DisplayName = "Stray " + key, Person = person };
        db.SourceAccounts.Add(account);
        await db.SaveChangesAsync();
        var suggestion = new IdentitySuggestion { PersonId = person.Id, EmployeeId = employee, Reason = "same name", Score = 0.9, CreatedAt = DateTimeOffset.UtcNow };
        db.IdentitySuggestions.Add(suggestion);
        await db.SaveChangesAsync();
        return (suggestion.Id, account.Id, employee);
    }

    [Fact]
    public async Task HR_accepts_a_suggestion_and_the_person_gets_linked()
    {
        var (suggestion, account, employee) = await StrayAccountWithSuggestionAsync("accept");
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");
        var html = await client.GetStringAsync("/Identities");
        Assert.Contains($"data-suggestion=\"{suggestion}\"", html, StringComparison.Ordinal);

        var token = await SignIn.AntiforgeryTokenAsync(client, "/Identities");
        var response = await client.PostAsync($"/Identities?handler=Accept&id={suggestion}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var linked = await db.SourceAccounts.Where(a => a.Id == account).Select(a => a.Person!.EmployeeId).SingleAsync();
        Assert.Equal(employee, linked);
        Assert.Equal(SuggestionStatus.Accepted, (await db.IdentitySuggestions.SingleAsync(s => s.Id == suggestion)).Status);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "identity.suggestion-accepted" && a.Actor == "hr"));
    }

    [Fact]
    public async Task HR_rejects_a_suggestion_and_a_post_without_token_changes_nothing()
    {
        var (suggestion, account, _) = await StrayAccountWithSuggestionAsync("reject");
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");

        var forged = await client.PostAsync($"/Identities?handler=Accept&id={suggestion}", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var token = await SignIn.AntiforgeryTokenAsync(client, "/Identities");
        var response = await client.PostAsync($"/Identities?handler=Reject&id={suggestion}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = _web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.Equal(SuggestionStatus.Rejected, (await db.IdentitySuggestions.SingleAsync(s => s.Id == suggestion)).Status);
        Assert.Null(await db.SourceAccounts.Where(a => a.Id == account).Select(a => a.Person!.EmployeeId).SingleAsync());
    }

    [Fact]
    public async Task HR_sees_a_person_match_with_its_evidence_and_merges_it()
    {
        int match, first, second;
        await using (var scope = _web.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
            var source = await db.SourceSystems.Select(s => s.Id).FirstAsync();
            var a = new SourceAccount { SourceSystemId = source, ExternalId = "twin-a", DisplayName = "Twin Match", Person = new Person { DisplayName = "Twin Match", CreatedAt = DateTimeOffset.UtcNow } };
            var b = new SourceAccount { SourceSystemId = source, ExternalId = "twin-b", DisplayName = "Twin Match", Person = new Person { DisplayName = "Twin Match", CreatedAt = DateTimeOffset.UtcNow } };
            db.SourceAccounts.AddRange(a, b);
            await db.SaveChangesAsync();
            (first, second) = (a.PersonId, b.PersonId);
            var suggestion = new PersonMatchSuggestion { PersonId = first, OtherPersonId = second, Reason = "same display name \"twin match\": evidence", Score = 0.85, CreatedAt = DateTimeOffset.UtcNow };
            db.PersonMatchSuggestions.Add(suggestion);
            await db.SaveChangesAsync();
            match = suggestion.Id;
        }

        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "hr");
        var html = await client.GetStringAsync("/Identities");
        Assert.Contains($"data-match=\"{match}\"", html, StringComparison.Ordinal);
        Assert.Contains("same display name &quot;twin match&quot;: evidence", html, StringComparison.Ordinal);

        var token = await SignIn.AntiforgeryTokenAsync(client, "/Identities");
        var response = await client.PostAsync($"/Identities?handler=AcceptMatch&id={match}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var check = _web.Services.CreateAsyncScope();
        var after = check.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        Assert.Equal([first], await after.SourceAccounts.Where(x => x.ExternalId == "twin-a" || x.ExternalId == "twin-b").Select(x => x.PersonId).Distinct().ToListAsync());
        Assert.True(await after.AuditEntries.AnyAsync(x => x.Action == "identity.match-accepted" && x.Actor == "hr"));
    }
}

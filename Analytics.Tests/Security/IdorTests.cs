using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// Changing an id in a URL or a request body never shows or changes what belongs to another reporting
/// line: every person id of the database is tried on the page, the API, the chart and the profile table
/// export, for the manager
/// and the employee account; awards, report downloads and approvals are tried with real ids.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class IdorTests(SecurityApp app)
{
    private sealed record PersonRow(int Id, int? EmployeeId, bool IsBot, string Name);

    [Theory]
    [InlineData("manager")]
    [InlineData("employee")]
    public async Task Every_person_id_outside_what_the_user_may_see_is_denied_on_page_api_and_chart(string user)
    {
        var persons = await app.WithDbAsync(db => db.Persons.AsNoTracking()
            .Select(p => new PersonRow(p.Id, p.EmployeeId, p.IsBot, p.Employee == null ? p.DisplayName : p.Employee.DisplayName)).ToListAsync());
        var visible = await VisibleEmployeesAsync(user);
        using var client = await app.ClientAsync(user);
        var unknown = persons.Max(p => p.Id) + 1000;
        var shown = 0;
        var denied = 0;

        foreach (var person in persons.Append(new PersonRow(unknown, null, false, "no such person")))
        {
            var maysee = person is { IsBot: false, EmployeeId: { } e } && visible.Contains(e);
            foreach (var path in PersonPaths(person.Id))
            {
                var response = await client.GetAsync(path);
                if (maysee)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} should see {path} but got {(int)response.StatusCode}");
                    shown++;
                    continue;
                }

                // The same refusal whether the id exists or not, and nothing of the person in it.
                var body = await response.Content.ReadAsStringAsync();
                var refused = response.StatusCode == HttpStatusCode.Forbidden
                              || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                Assert.True(refused, $"{user} opened {path} ({(int)response.StatusCode})");
                Assert.DoesNotContain(person.Name, body, StringComparison.Ordinal);
                denied++;
            }
        }

        Assert.True(shown >= 3, $"{user} saw nothing at all");
        Assert.True(denied > 100, $"only {denied} denials checked");
        if (user == "employee")
            Assert.Equal(PersonPaths(0).Length * persons.Count(p => p.EmployeeId is { } e && !p.IsBot && visible.Contains(e)), shown);
    }

    [Fact]
    public async Task An_employee_sees_only_their_own_profile_and_the_search_lists_only_them()
    {
        using var client = await app.ClientAsync("employee");
        var hits = await client.GetFromJsonAsync<List<Analytics.Web.People.PersonHitDto>>("/api/people?q=");
        Assert.NotNull(hits);
        Assert.All(hits, h => Assert.Equal(app.People.Employee, h.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/people/{app.People.Employee}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/people/{app.People.InLine}")).StatusCode);
    }

    [Fact]
    public async Task A_manager_awarding_someone_outside_the_line_by_id_is_refused_and_nothing_is_spent()
    {
        var outsiders = await app.WithDbAsync(async db =>
        {
            var line = await VisibleEmployeesAsync("manager");
            return await db.Employees.Where(e => !line.Contains(e.Id))
                .Select(e => new { e.Id, e.DisplayName, Person = db.Persons.Where(p => p.EmployeeId == e.Id).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefault() })
                .Take(5).ToListAsync();
        });
        using var client = await app.ClientAsync("manager");
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Recognition");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        var before = await app.DatabaseFingerprintAsync();

        foreach (var outsider in outsiders)
        {
            var response = await client.PostAsJsonAsync("/api/recognition/awards", new { recipientId = outsider.Id, category = 1, message = "ids are guessable", points = 5 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            // The award page, asked for the outsider, offers neither their name nor their contributions.
            Assert.NotNull(outsider.Person);
            var page = await client.GetStringAsync($"/Recognition?person={outsider.Person}");
            Assert.DoesNotContain(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(outsider.DisplayName), page, StringComparison.Ordinal);
        }

        // The award form takes the recipient id from a hidden field: the same refusal.
        var form = await client.PostAsync("/Recognition", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Form.RecipientId"] = outsiders[0].Id.ToString(CultureInfo.InvariantCulture),
            ["Form.Category"] = "Sharing",
            ["Form.Message"] = "ids are guessable",
            ["Form.Points"] = "5",
        }));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("You can only award people in your reporting line.", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await app.DatabaseFingerprintAsync());
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("employee")]
    [InlineData("admin")]
    public async Task Report_downloads_by_id_are_refused_to_roles_without_reports_whether_or_not_the_id_exists(string user)
    {
        var id = await StoredReportIdAsync();
        using var client = await app.ClientAsync(user);
        foreach (var path in new[] { $"/Reports/Download/{id}", $"/Reports/Download/{id + 1000}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("manager", "Approve")]
    [InlineData("manager", "Reject")]
    [InlineData("leadership", "Approve")]
    [InlineData("employee", "Approve")]
    [InlineData("admin", "Reject")]
    public async Task A_pending_award_cannot_be_decided_by_id_by_anyone_but_HR(string user, string handler)
    {
        var awardId = await PendingAwardAsync();
        using var client = await app.ClientAsync(user);
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");

        var response = await client.PostAsync($"/Recognition/Approvals?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["id"] = awardId.ToString(CultureInfo.InvariantCulture),
            ["reason"] = "not mine to decide",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var status = await app.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Id == awardId).Select(a => a.Status).SingleAsync());
        Assert.Equal(AwardStatus.PendingApproval, status);
    }

    private static string[] PersonPaths(int id) =>
    [
        $"/People/{id}",
        $"/api/people/{id}",
        $"/charts/people/{id}/contributions.png",
        $"/exports/people/{id}/contributions-by-type.xlsx",
    ];

    private async Task<IReadOnlySet<int>> VisibleEmployeesAsync(string user)
    {
        await using var scope = app.Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Analytics.Domain.Persistence.AnalyticsDbContext>();
        var me = (await db.Users.SingleAsync(u => u.UserName == user)).EmployeeId!.Value;
        var visible = new HashSet<int> { me };
        if (user == "manager")
            visible.UnionWith(await scope.ServiceProvider.GetRequiredService<ReportingLine>().MembersAsync(me, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None));
        return visible;
    }

    private async Task<long> StoredReportIdAsync()
    {
        var existing = await app.WithDbAsync(db => db.StoredReports.Select(r => (long?)r.Id).FirstOrDefaultAsync());
        if (existing is { } id)
            return id;
        await using var scope = app.Web.Services.CreateAsyncScope();
        var today = DateTime.UtcNow.AddMonths(-1);
        var report = await scope.ServiceProvider.GetRequiredService<Analytics.Jobs.Reports.Monthly.MonthlyReportArchive>()
            .GenerateAsync(Analytics.Domain.Metrics.ReportingPeriod.Month(today.Year, today.Month), "test", CancellationToken.None);
        return report.Id;
    }

    /// <summary>A real award above the approval threshold, given by the manager through the API (one, reused: refused decisions leave it pending).</summary>
    private async Task<long> PendingAwardAsync()
    {
        var pending = await app.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Status == AwardStatus.PendingApproval).Select(a => (long?)a.Id).FirstOrDefaultAsync());
        if (pending is { } id)
            return id;
        using var manager = await app.ClientAsync("manager");
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        manager.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        var recipient = await app.WithDbAsync(db => db.Persons.Where(p => p.Id == app.People.InLine).Select(p => p.EmployeeId!.Value).SingleAsync());
        var response = await manager.PostAsJsonAsync("/api/recognition/awards", new { recipientId = recipient, category = 1, message = "big help", points = 101 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var award = await response.Content.ReadFromJsonAsync<Analytics.Web.Recognition.AwardResponse>();
        return award!.AwardId;
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Leaderboards;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Recognition;

/// <summary>What the recognition pages show people (issue 21's found bugs): names instead of ids, words, layout, counts.</summary>
public sealed class RecognitionPagesTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private Task<int> PersonIdAsync(int employeeId) =>
        fixture.WithDbAsync(db => db.Persons.Where(p => p.EmployeeId == employeeId && !p.IsBot).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private Task<string> NameAsync(int employeeId) =>
        fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.DisplayName).SingleAsync());

    [Fact]
    public async Task The_audit_log_names_the_people_it_refers_to_and_links_their_profiles()
    {
        var employee = fixture.Line[0];
        var person = await PersonIdAsync(employee);
        var name = await NameAsync(employee);
        using var hr = await fixture.SignedInAsync("hr");
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/People/{person}")).StatusCode); // audited as Person:{id}
        await fixture.LeaveInBudgetAsync(100); // audited as Employee:{manager}

        var html = await hr.GetStringAsync("/Recognition/Audit");

        var viewed = Regex.Match(html, $"<td data-subject=\"Person:{person}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(viewed.Success, "no profile.viewed entry for the person");
        Assert.Equal($"<a href=\"/People/{person}\">{WebUtility.HtmlEncode(name)}</a>", viewed.Groups[1].Value.Trim());
        var budget = Regex.Match(html, $"<td data-subject=\"Employee:{fixture.ManagerId}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(budget.Success, "no budget entry for the manager");
        Assert.Contains($"href=\"/People/{await PersonIdAsync(fixture.ManagerId)}\"", budget.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotMatch(">(Person|Employee):[0-9]+<", html);
    }

    [Fact]
    public async Task A_managers_award_page_from_empty_to_an_award_HR_can_judge()
    {
        using var manager = await fixture.SignedInAsync("manager");
        using var hr = await fixture.SignedInAsync("hr");
        // The demo's managers have given awards (ADR 1813): this test starts from a manager who has not.
        await fixture.WithDbAsync(async db =>
        {
            var given = db.RecognitionAwards.Where(a => a.GiverId == fixture.ManagerId).Select(a => a.Id);
            await db.AwardEvidence.Where(e => given.Contains(e.AwardId)).ExecuteDeleteAsync();
            return await db.RecognitionAwards.Where(a => a.GiverId == fixture.ManagerId).ExecuteDeleteAsync();
        });
        await fixture.LeaveInBudgetAsync(12_345);

        // Nothing given yet: the table is replaced by a sentence that says what to do; the budget has its thousands separator.
        var empty = await manager.GetStringAsync("/Recognition");
        Assert.Contains("data-empty=\"given\"", empty, StringComparison.Ordinal);
        Assert.Contains("data-budget=\"remaining\">12,345<", empty, StringComparison.Ordinal);

        // Each person is suggested once, whatever the number of lists they top, and the award link carries the profile's id.
        var suggested = Regex.Matches(empty, "<tr data-suggestion=\"([0-9]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(suggested);
        Assert.Equal(suggested.Distinct().Count(), suggested.Count);
        var link = Regex.Match(empty, "href=\"/Recognition\\?person=([0-9]+)&amp;category=[0-9]+#award-heading\"");
        Assert.True(link.Success, "no award link with a person id");
        var person = int.Parse(link.Groups[1].Value, Inv);
        var recipient = await fixture.WithDbAsync(db => db.Persons.Where(p => p.Id == person).Select(p => p.EmployeeId!.Value).SingleAsync());
        var name = await NameAsync(recipient);
        Assert.Contains($"data-person-name>{WebUtility.HtmlEncode(name)}<", await manager.GetStringAsync($"/People/{person}"), StringComparison.Ordinal);

        // The form for that person: one field a row, each evidence check box on its own line.
        var form = await manager.GetStringAsync($"/Recognition?person={person}");
        Assert.Contains($"data-recipient>{WebUtility.HtmlEncode(name)}<", form, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(form, "<div class=\"field\">"));
        Assert.Equal(Regex.Count(form, "name=\"Form.Evidence\""), Regex.Count(form, "<label class=\"check\" data-evidence="));

        // An award above the threshold, with evidence, waits for HR.
        var contributionTypes = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var evidence = await fixture.WithDbAsync(db => db.Activities.Include(a => a.Item)
            .Where(a => a.ActorAccount!.Person!.EmployeeId == recipient && contributionTypes.Contains(a.Type) && a.Item != null && a.Item.Title != null)
            .OrderByDescending(a => a.OccurredAt).FirstAsync());
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        var posted = await manager.PostAsync("/Recognition", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.RecipientId"] = recipient.ToString(Inv),
            ["Form.Category"] = "1",
            ["Form.Message"] = "Waits for HR with its evidence",
            ["Form.Points"] = "150",
            ["Form.Evidence"] = evidence.Id.ToString(Inv),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.DoesNotContain("data-empty=\"given\"", await manager.GetStringAsync("/Recognition"), StringComparison.Ordinal);

        // HR: the menu counts the waiting awards on every page; the approval shows evidence, the recipient's profile and the budget left.
        var waiting = await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => a.Status == AwardStatus.PendingApproval));
        Assert.Contains($"data-approvals-waiting=\"{waiting}\"", await hr.GetStringAsync("/Definitions"), StringComparison.Ordinal);
        var approvals = await hr.GetStringAsync("/Recognition/Approvals");
        var award = await fixture.WithDbAsync(db => db.RecognitionAwards.SingleAsync(a => a.Message == "Waits for HR with its evidence"));
        var row = Regex.Match(approvals, $"<tr data-award=\"{award.Id}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"<a href=\"/People/{await PersonIdAsync(recipient)}\">{WebUtility.HtmlEncode(name)}</a>", row, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(evidence.Item!.Title!), row, StringComparison.Ordinal);
        var left = await fixture.WithDbAsync(db => db.RecognitionBudgets.Where(b => b.Id == award.BudgetId).Select(b => b.Points - b.Spent).SingleAsync());
        Assert.Matches($"data-budget-left>{Regex.Escape(left.ToString("N0", Inv))}<", row);
    }

    [Fact]
    public async Task A_profile_shows_department_manager_and_rank_and_offers_the_manager_an_award()
    {
        var employee = fixture.Line[0];
        var person = await PersonIdAsync(employee);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var place = await fixture.WithDbAsync(db => db.OrgAssignments.Where(a => a.EmployeeId == employee && a.ValidFrom <= today)
            .OrderByDescending(a => a.ValidFrom).ThenByDescending(a => a.Id)
            .Select(a => new { Department = a.Department!.Name, Manager = a.Manager!.DisplayName }).FirstAsync());
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await using var scope = fixture.Web.Services.CreateAsyncScope();
        var board = await scope.ServiceProvider.GetRequiredService<LeaderboardQuery>()
            .RunAsync(new LeaderboardFilter(ReportingPeriod.Month(month.Year, month.Month)), CancellationToken.None);
        var rank = board.Rows.FirstOrDefault(r => r.PersonId == person)?.Rank;
        using var manager = await fixture.SignedInAsync("manager");

        var html = await manager.GetStringAsync($"/People/{person}");

        Assert.Matches($"data-department=\"[^\"]*\">{Regex.Escape(WebUtility.HtmlEncode(place.Department))}<", html);
        Assert.Contains(WebUtility.HtmlEncode(place.Manager), Regex.Match(html, "<dd data-manager>(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value, StringComparison.Ordinal);
        Assert.Contains($"data-rank=\"{rank?.ToString(Inv)}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-give-award href=\"/Recognition?person={person}#award-heading\"", html, StringComparison.Ordinal);

        // Their own profile offers no award to themselves.
        using var self = await fixture.SignedInAsync("employee");
        var own = await self.GetStringAsync($"/People/{await PersonIdAsync(fixture.EmployeeUserId)}");
        Assert.Contains("data-place", own, StringComparison.Ordinal);
        Assert.DoesNotContain("data-give-award", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HR_finds_the_raw_export_on_the_reports_page_and_leadership_does_not()
    {
        using var hr = await fixture.SignedInAsync("hr");
        using var leadership = await fixture.SignedInAsync("leadership");

        var html = await hr.GetStringAsync("/Reports");
        var from = Regex.Match(html, "id=\"raw-from\" name=\"from\" value=\"([0-9-]+)\"").Groups[1].Value;
        var to = Regex.Match(html, "id=\"raw-to\" name=\"to\" value=\"([0-9-]+)\"").Groups[1].Value;
        Assert.Contains("action=\"/exports/activities.xlsx\"", html, StringComparison.Ordinal);
        var download = await hr.GetAsync($"/exports/activities.xlsx?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", download.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("/exports/activities.xlsx", await leadership.GetStringAsync("/Reports"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_a_rule_starts_from_the_rule_in_force_with_an_iso_date()
    {
        using var hr = await fixture.SignedInAsync("hr");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rule = await fixture.WithDbAsync(db => db.ScoringRules.Where(r => r.EffectiveFrom <= today && (r.EffectiveTo == null || r.EffectiveTo > today) && r.PointsPerEvent > 0)
            .OrderBy(r => r.Type).FirstAsync());

        var html = await hr.GetStringAsync($"/Scoring?type={rule.Type}");

        Assert.Contains($"href=\"/Scoring?type={rule.Type}#change\"", html, StringComparison.Ordinal);
        Assert.Matches($"<option selected=\"selected\" value=\"{(int)rule.Type}\">", html);
        Assert.Contains($"value=\"{rule.PointsPerEvent.ToString(Inv)}\"", Regex.Match(html, "<input[^>]*name=\"Form.PointsPerEvent\"[^>]*>").Value, StringComparison.Ordinal);
        var date = Regex.Match(html, "<input[^>]*name=\"Form.EffectiveFrom\"[^>]*>").Value;
        Assert.Contains("type=\"text\"", date, StringComparison.Ordinal);
        Assert.Contains($"value=\"{today.AddDays(1).ToString("yyyy-MM-dd", Inv)}\"", date, StringComparison.Ordinal);
    }
}

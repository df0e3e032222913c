using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Recognition;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Recognition;

/// <summary>Issue 18 part 3: the recognition feed every signed-in person reads, its filters, paging and the awardee's hide switch.</summary>
public sealed class RecognitionFeedTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An approved award to the employee account with one of their contributions as evidence, through the API.</summary>
    private async Task<(long Id, long Evidence)> ApprovedWithEvidenceAsync(string message, int category = 2)
    {
        var contribution = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var evidence = await fixture.WithDbAsync(db => db.Activities
            .Where(a => a.ActorAccount!.Person!.EmployeeId == fixture.EmployeeUserId && contribution.Contains(a.Type) && a.ItemId != null)
            .OrderByDescending(a => a.OccurredAt).Select(a => a.Id).FirstAsync());
        await fixture.LeaveInBudgetAsync(100);
        using var api = await fixture.ManagerApiClientAsync();
        var response = await api.PostAsJsonAsync("/api/recognition/awards",
            new { recipientId = fixture.EmployeeUserId, category, message, points = 10, evidenceActivityIds = new[] { evidence } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Message == message).Select(a => a.Id).SingleAsync());
        return (id, evidence);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, long id, string? back = null)
    {
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Recognition/Feed");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        if (back is not null)
            form["back"] = back;
        return await client.PostAsync($"/Recognition/Feed?handler={handler}&id={Inv(id)}", new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Every_signed_in_role_reads_approved_awards_with_giver_category_message_and_evidence_but_no_pending_one()
    {
        var (approved, evidence) = await ApprovedWithEvidenceAsync("Feed shows me: the postmortem write-up");
        await fixture.LeaveInBudgetAsync(200);
        using var manager = await fixture.SignedInAsync("manager");
        var pending = await fixture.AwardThroughFormAsync(manager, fixture.Line[0], 150, "Feed hides me: waiting for HR");
        var (giver, recipient, title) = await fixture.WithDbAsync(async db => (
            await db.Employees.Where(e => e.Id == fixture.ManagerId).Select(e => e.DisplayName).SingleAsync(),
            await db.Employees.Where(e => e.Id == fixture.EmployeeUserId).Select(e => e.DisplayName).SingleAsync(),
            await db.Activities.Where(a => a.Id == evidence).Select(a => a.Item!.Title).SingleAsync()));

        foreach (var user in new[] { "employee", "manager", "hr", "leadership", "admin" })
        {
            using var client = await fixture.SignedInAsync(user);
            var response = await client.GetAsync("/Recognition/Feed");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var entry = System.Text.RegularExpressions.Regex.Match(html, $"<li data-award=\"{Inv(approved)}\".*?(?=<li data-award=|</ol>)",
                System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.True(entry.Success, $"{user} does not see the approved award in the feed");
            Assert.Contains(recipient, entry.Value, StringComparison.Ordinal);
            Assert.Contains(giver, entry.Value, StringComparison.Ordinal);
            Assert.Contains("Reflection", entry.Value, StringComparison.Ordinal);
            Assert.Contains("Feed shows me: the postmortem write-up", entry.Value, StringComparison.Ordinal);
            Assert.Contains($"data-evidence=\"{Inv(evidence)}\"", entry.Value, StringComparison.Ordinal);
            Assert.Contains(WebUtilityEncoded(title), entry.Value, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-award=\"{Inv(pending)}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Feed hides me", html, StringComparison.Ordinal);
            // Only the awardee is offered the switch.
            Assert.Equal(user == "employee", entry.Value.Contains("Hide from the feed", StringComparison.Ordinal));
        }
    }

    private static string WebUtilityEncoded(string? text) => text is null ? "" : System.Text.Encodings.Web.HtmlEncoder.Default.Encode(text);

    [Fact]
    public async Task Filters_by_category_and_department_are_in_the_url_and_bad_values_are_refused()
    {
        var (reflection, _) = await ApprovedWithEvidenceAsync("Filtered: a reflection award", category: 2);
        var department = await fixture.WithDbAsync(db => db.OrgAssignments
            .Where(o => o.EmployeeId == fixture.EmployeeUserId && o.ValidTo == null).Select(o => o.Department!).SingleAsync());
        var parent = await fixture.WithDbAsync(db => db.Departments.Where(d => d.Id == department.ParentId).Select(d => d.Code).SingleAsync());
        var elsewhere = (await fixture.WithDbAsync(db => db.Departments.Select(d => new { d.Code, d.Path }).ToListAsync()))
            .Where(d => !department.Path.StartsWith(d.Path, StringComparison.Ordinal) && !d.Path.StartsWith(department.Path, StringComparison.Ordinal))
            .OrderBy(d => d.Code, StringComparer.Ordinal).Select(d => d.Code).First();
        using var client = await fixture.SignedInAsync("employee");
        async Task<bool> ListedAsync(string query) =>
            (await client.GetStringAsync("/Recognition/Feed" + query)).Contains($"data-award=\"{Inv(reflection)}\"", StringComparison.Ordinal);

        Assert.True(await ListedAsync("?category=reflection"));
        Assert.False(await ListedAsync("?category=mentoring"));
        Assert.True(await ListedAsync($"?department={department.Code}"));
        Assert.True(await ListedAsync($"?department={parent.ToLowerInvariant()}&category=reflection")); // a subtree, codes in any case
        Assert.False(await ListedAsync($"?department={elsewhere}"));

        var mentoring = await client.GetStringAsync("/Recognition/Feed?category=mentoring");
        Assert.DoesNotContain("data-category=\"reflection\"", mentoring, StringComparison.Ordinal);
        foreach (var bad in new[] { "?category=gratitude", "?department=NOPE", "?pageNumber=0", "?pageNumber=100000" })
        {
            var response = await client.GetAsync("/Recognition/Feed" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_feed_pages_newest_first_and_the_pager_keeps_the_filters()
    {
        for (var i = 0; i < 21; i++)
            await ApprovedWithEvidenceAsync($"Paging award {Inv(i)}", category: 5);
        using var client = await fixture.SignedInAsync("hr");
        var first = await client.GetStringAsync("/Recognition/Feed?category=lifelong-learning");
        var expected = await fixture.WithDbAsync(db => db.RecognitionAwards
            .Where(a => a.Status == AwardStatus.Approved && a.Category == RecognitionCategory.LifelongLearning && a.HiddenFromFeedAt == null && !a.Recipient!.LeaderboardOptOut)
            .ToListAsync());
        var order = expected.OrderByDescending(a => a.DecidedAt ?? a.CreatedAt).ThenByDescending(a => a.Id).Select(a => a.Id).ToList();
        Assert.True(order.Count > 20);
        var ids = System.Text.RegularExpressions.Regex.Matches(first, "<li data-award=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(order.Take(20), ids);
        Assert.Contains("category=lifelong-learning&amp;department=&amp;pageNumber=2", first, StringComparison.Ordinal);
        var second = await client.GetStringAsync("/Recognition/Feed?category=lifelong-learning&pageNumber=2");
        var secondIds = System.Text.RegularExpressions.Regex.Matches(second, "<li data-award=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(order.Skip(20).Take(20), secondIds);
    }

    [Fact]
    public async Task The_awardee_hides_and_shows_an_award_audited_and_nobody_else_can()
    {
        var (id, _) = await ApprovedWithEvidenceAsync("Hide me from the feed please");
        using var manager = await fixture.SignedInAsync("manager");
        using var hr = await fixture.SignedInAsync("hr");
        using var employee = await fixture.SignedInAsync("employee");

        foreach (var other in new[] { manager, hr })
        {
            var refused = await PostAsync(other, "Hide", id);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Null(await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Id == id).Select(a => a.HiddenFromFeedAt).SingleAsync()));

        var hidden = await PostAsync(employee, "Hide", id, back: "mine");
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Equal("/Recognition/Mine", hidden.Headers.Location!.OriginalString);
        Assert.NotNull(await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Id == id).Select(a => a.HiddenFromFeedAt).SingleAsync()));
        Assert.DoesNotContain($"data-award=\"{Inv(id)}\"", await hr.GetStringAsync("/Recognition/Feed"), StringComparison.Ordinal);
        var mine = await employee.GetStringAsync("/Recognition/Mine");
        Assert.Contains($"data-award=\"{Inv(id)}\"", mine, StringComparison.Ordinal); // still theirs, marked hidden
        Assert.Contains("Show in the feed", mine, StringComparison.Ordinal);
        var audit = await fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Details!.Contains($"award={Inv(id)}")).Select(a => new { a.Action, a.Actor }).ToListAsync());
        Assert.Contains(audit, a => a.Action == "award.hidden" && a.Actor == "employee");
        Assert.DoesNotContain(audit, a => a.Action == "award.hidden" && a.Actor != "employee");

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(employee, "Show", id)).StatusCode);
        Assert.Contains($"data-award=\"{Inv(id)}\"", await hr.GetStringAsync("/Recognition/Feed"), StringComparison.Ordinal);
        Assert.Contains(await fixture.WithDbAsync(db => db.AuditEntries.Where(a => a.Details!.Contains($"award={Inv(id)}")).Select(a => a.Action).ToListAsync()),
            a => a == "award.shown");
    }

    [Fact]
    public async Task Awards_of_people_who_opted_out_stay_off_the_feed()
    {
        await ApprovedWithEvidenceAsync("Not opted out, listed");
        var awardee = fixture.Line.First(e => e != fixture.EmployeeUserId);
        await fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == awardee).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaderboardOptOut, true)));
        await fixture.LeaveInBudgetAsync(100);
        using var api = await fixture.ManagerApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await RecognitionFixture.AwardAsync(api, awardee, 15, "Opted out, thanked quietly")).StatusCode);
        var id = await fixture.WithDbAsync(db => db.RecognitionAwards.Where(a => a.Message == "Opted out, thanked quietly").Select(a => a.Id).SingleAsync());

        using var hr = await fixture.SignedInAsync("hr");
        var html = await hr.GetStringAsync("/Recognition/Feed");
        Assert.Contains("data-award=", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-award=\"{Inv(id)}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Opted out, thanked quietly", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_awardee_sees_new_recognition_on_their_own_profile_only()
    {
        var (id, _) = await ApprovedWithEvidenceAsync("New on my profile");
        var person = await fixture.WithDbAsync(db => db.Persons.Where(p => p.EmployeeId == fixture.EmployeeUserId && !p.IsBot).MinAsync(p => p.Id));
        using var employee = await fixture.SignedInAsync("employee");
        var own = await employee.GetStringAsync($"/People/{Inv(person)}");
        Assert.Contains("id=\"new-recognition-heading\"", own, StringComparison.Ordinal);
        Assert.Contains($"data-new-award=\"{Inv(id)}\"", own, StringComparison.Ordinal);

        using var manager = await fixture.SignedInAsync("manager");
        var others = await manager.GetStringAsync($"/People/{Inv(person)}");
        Assert.Contains($"data-award=\"{Inv(id)}\"", others, StringComparison.Ordinal); // the plain list, as before
        Assert.DoesNotContain("new-recognition-heading", others, StringComparison.Ordinal);
    }
}

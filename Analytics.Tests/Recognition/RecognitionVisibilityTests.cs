using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Metrics;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Leaderboards;
using Analytics.Web.Dashboard;
using Analytics.Web.People;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Recognition;

/// <summary>Approved awards show on the awardee's profile and on the leaderboard; pending and rejected ones nowhere.</summary>
public sealed class RecognitionVisibilityTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    private Task<int> PersonOfAsync(int employeeId) =>
        fixture.WithDbAsync(db => db.Persons.Where(p => p.EmployeeId == employeeId && !p.IsBot).MinAsync(p => p.Id));

    [Fact]
    public async Task Approved_awards_show_on_the_profile_page_and_api_while_pending_and_rejected_ones_do_not()
    {
        await fixture.LeaveInBudgetAsync(600);
        using var manager = await fixture.SignedInAsync("manager");
        using var hr = await fixture.SignedInAsync("hr");
        using var employee = await fixture.SignedInAsync("employee");
        var approved = await fixture.AwardThroughFormAsync(manager, fixture.EmployeeUserId, 150, "Profile shows me: ran the incident review");
        Assert.Equal(HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Approve", approved)).StatusCode);
        var pending = await fixture.AwardThroughFormAsync(manager, fixture.EmployeeUserId, 120, "Profile hides me: still pending");
        var rejected = await fixture.AwardThroughFormAsync(manager, fixture.EmployeeUserId, 110, "Profile hides me too: rejected");
        Assert.Equal(HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Reject", rejected, "no")).StatusCode);
        var person = await PersonOfAsync(fixture.EmployeeUserId);
        var managerName = await fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == fixture.ManagerId).Select(e => e.DisplayName).SingleAsync());

        foreach (var viewer in new[] { employee, manager, hr })
        {
            var html = await viewer.GetStringAsync($"/People/{person}");
            Assert.Contains("id=\"recognition-heading\"", html, StringComparison.Ordinal);
            Assert.Contains($"data-award=\"{approved}\"", html, StringComparison.Ordinal);
            Assert.Contains("Profile shows me: ran the incident review", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Profile hides me", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-award=\"{pending}\"", html, StringComparison.Ordinal);

            var dto = await viewer.GetFromJsonAsync<PersonProfileDto>($"/api/people/{person}");
            var award = Assert.Single(dto!.Recognition, a => a.Id == approved);
            Assert.Equal((150, nameof(RecognitionCategory.Mentoring), managerName), (award.Points, award.Category, award.GivenBy));
            Assert.DoesNotContain(dto.Recognition, a => a.Id == pending || a.Id == rejected);
            var expected = await fixture.WithDbAsync(db => db.RecognitionAwards
                .Where(a => a.RecipientId == fixture.EmployeeUserId && a.Status == AwardStatus.Approved).Select(a => a.Id).ToListAsync());
            Assert.Equal(expected.Order(), dto.Recognition.Select(a => a.Id).Order());
        }
    }

    [Fact]
    public async Task Leaderboard_shows_approved_recognition_points_of_the_period_beside_the_ranking_not_in_it()
    {
        var year = ReportingPeriod.Parse(DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture));
        using var hr = await fixture.SignedInAsync("hr");
        var before = await hr.GetFromJsonAsync<LeaderboardDto>($"/api/leaderboard?period={year.Label}");
        var personOf = await fixture.WithDbAsync(db => db.Persons.Where(p => p.EmployeeId != null && !p.IsBot)
            .GroupBy(p => p.EmployeeId!.Value).Select(g => new { Employee = g.Key, Person = g.Min(p => p.Id) }).ToDictionaryAsync(x => x.Employee, x => x.Person));
        var ranked = before!.Rows.Select(r => r.PersonId).ToHashSet();
        var awardee = fixture.Line.First(e => personOf.TryGetValue(e, out var p) && ranked.Contains(p));
        var person = personOf[awardee];

        await fixture.LeaveInBudgetAsync(600);
        using var manager = await fixture.SignedInAsync("manager");
        var approved = await fixture.AwardThroughFormAsync(manager, awardee, 140, "Leaderboard counts me: wrote the runbook");
        Assert.Equal(HttpStatusCode.Redirect, (await RecognitionFixture.DecideAsync(hr, "Approve", approved)).StatusCode);
        await fixture.AwardThroughFormAsync(manager, awardee, 130, "Leaderboard ignores me: pending");

        var (yearStart, yearEnd) = (new DateTimeOffset(year.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(year.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var awards = await fixture.WithDbAsync(db => db.RecognitionAwards.AsNoTracking()
            .Where(a => a.RecipientId == awardee && a.CreatedAt >= yearStart && a.CreatedAt < yearEnd).ToListAsync());
        var expected = awards.Where(a => a.Status == AwardStatus.Approved).Sum(a => a.Points);
        Assert.True(expected >= 140);
        Assert.Contains(awards, a => a.Status == AwardStatus.PendingApproval);

        using var employee = await fixture.SignedInAsync("employee");
        var after = await employee.GetFromJsonAsync<LeaderboardDto>($"/api/leaderboard?period={year.Label}");
        var row = Assert.Single(after!.Rows, r => r.PersonId == person);
        Assert.Equal(expected, row.RecognitionPoints);
        // The ranking value is the activity-points ranking of LeaderboardQuery, untouched by recognition.
        var query = await fixture.WithDbAsync(db => new LeaderboardQuery(db).RunAsync(new LeaderboardFilter(year), CancellationToken.None));
        // (Recognised people without activity in the period follow with value 0, ADR 1811.)
        Assert.Equal(query.Rows.Select(r => (r.Rank, r.PersonId, r.Value)), after.Rows.Where(r => r.Value > 0).Select(r => (r.Rank, r.PersonId, r.Value)));
        // Nobody outside the ranking (opted out, left, bot) gains a row through recognition.
        Assert.Equal(before.Rows.Select(r => r.PersonId).Order(), after.Rows.Select(r => r.PersonId).Order());

        var html = await employee.GetStringAsync($"/Leaderboard?period={year.Label}");
        var cell = System.Text.RegularExpressions.Regex.Match(html, $"<tr data-person=\"{person}\">.*?<td class=\"num\" data-recognition>(\\d+)</td>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(cell.Success, "leaderboard page has no recognition cell for the awardee");
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), cell.Groups[1].Value);
    }

    /// <summary>
    /// Issue 18: the current month said "Nobody to rank" while someone held 50 recognition points. The demo has no
    /// activity after the last full month, and only people with activity were ranked, so this month's awards had no row.
    /// </summary>
    [Fact]
    public async Task An_award_approved_this_month_shows_in_this_months_leaderboard_column()
    {
        var now = DateTime.UtcNow;
        var month = ReportingPeriod.Month(now.Year, now.Month);
        var awardee = await fixture.WithDbAsync(db => db.Employees
            .Where(e => fixture.Line.Contains(e.Id) && e.Id != fixture.EmployeeUserId && !e.LeaderboardOptOut && e.LeaveDate == null)
            .Where(e => db.Persons.Any(p => p.EmployeeId == e.Id && !p.IsBot))
            .OrderByDescending(e => e.Id).Select(e => e.Id).FirstAsync());
        var person = await PersonOfAsync(awardee);
        await fixture.LeaveInBudgetAsync(100);
        using var manager = await fixture.SignedInAsync("manager");
        await fixture.AwardThroughFormAsync(manager, awardee, 50, "This month's board shows me: fixed the build");
        Assert.False(await fixture.WithDbAsync(db => db.DailyPersonMetrics.AnyAsync(m => m.PersonId == person && m.Day >= month.From)),
            "the awardee should have no activity this month, as in the demo");

        var (from, to) = (new DateTimeOffset(month.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(month.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var expected = await fixture.WithDbAsync(db => db.RecognitionAwards
            .Where(a => a.RecipientId == awardee && a.Status == AwardStatus.Approved).ToListAsync());
        var points = expected.Where(a => (a.DecidedAt ?? a.CreatedAt) >= from && (a.DecidedAt ?? a.CreatedAt) < to).Sum(a => a.Points);
        Assert.True(points >= 50);

        using var employee = await fixture.SignedInAsync("employee");
        var board = await employee.GetFromJsonAsync<LeaderboardDto>($"/api/leaderboard?period={month.Label}");
        var row = Assert.Single(board!.Rows, r => r.PersonId == person);
        Assert.Equal((0.0, points), (row.Value, row.RecognitionPoints));
        // Recognised people without activity rank after everyone with some, sharing the last rank.
        Assert.All(board.Rows.Where(r => r.Value > 0), r => Assert.True(r.Rank < row.Rank));
        Assert.All(board.Rows.Where(r => r.Value == 0), r => Assert.Equal(row.Rank, r.Rank));

        var html = await employee.GetStringAsync($"/Leaderboard?period={month.Label}");
        Assert.DoesNotContain("data-empty-reason", html, StringComparison.Ordinal);
        var cell = System.Text.RegularExpressions.Regex.Match(html, $"<tr data-person=\"{person}\">.*?<td class=\"num\" data-recognition>(\\d+)</td>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(cell.Success, "this month's leaderboard has no row for the awardee");
        Assert.Equal(points.ToString(CultureInfo.InvariantCulture), cell.Groups[1].Value);
    }

    [Fact]
    public async Task An_opted_out_awardee_stays_off_the_leaderboard()
    {
        var optedOut = await fixture.WithDbAsync(db => db.Employees.Where(e => e.LeaderboardOptOut && fixture.Line.Contains(e.Id)).Select(e => (int?)e.Id).FirstOrDefaultAsync());
        var awardee = optedOut ?? fixture.Line[^1];
        if (optedOut is null)
            await fixture.WithDbAsync(db => db.Employees.Where(e => e.Id == awardee).ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaderboardOptOut, true)));
        await fixture.LeaveInBudgetAsync(100);
        using var api = await fixture.ManagerApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await RecognitionFixture.AwardAsync(api, awardee, 20, "Opted out but thanked")).StatusCode);
        Assert.True(await fixture.WithDbAsync(db => db.RecognitionAwards.AnyAsync(a => a.RecipientId == awardee && a.Status == AwardStatus.Approved)));

        var person = await PersonOfAsync(awardee);
        using var hr = await fixture.SignedInAsync("hr");
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        var board = await hr.GetFromJsonAsync<LeaderboardDto>($"/api/leaderboard?period={year}");
        Assert.NotEmpty(board!.Rows);
        Assert.DoesNotContain(board.Rows, r => r.PersonId == person);
        // This month's awards list recognised people without activity: never an opted-out one.
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var thisMonth = await hr.GetFromJsonAsync<LeaderboardDto>($"/api/leaderboard?period={month}");
        Assert.DoesNotContain(thisMonth!.Rows, r => r.PersonId == person);
    }
}

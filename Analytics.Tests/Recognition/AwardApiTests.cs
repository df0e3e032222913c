using System.Net;
using Analytics.Domain.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Recognition;

public sealed class AwardApiTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    [Fact]
    public async Task A_manager_cannot_award_outside_their_line_or_themselves()
    {
        await fixture.LeaveInBudgetAsync(500);
        using var client = await fixture.ManagerApiClientAsync();
        // The demo's own awards (the chief executive recognises the head of Platform) are there before.
        Task<int> CountAsync() => fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => a.RecipientId == fixture.Outsider || a.RecipientId == fixture.ManagerId));
        var before = await CountAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await RecognitionFixture.AwardAsync(client, fixture.Outsider, 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RecognitionFixture.AwardAsync(client, fixture.ManagerId, 10)).StatusCode);
        Assert.Equal(before, await CountAsync());
        Assert.Equal(0, await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => (a.RecipientId == fixture.Outsider || a.RecipientId == fixture.ManagerId) && a.GiverId == fixture.ManagerId)));
    }

    [Fact]
    public async Task A_manager_cannot_award_beyond_their_budget()
    {
        var budgetId = await fixture.LeaveInBudgetAsync(10);
        var before = await fixture.WithDbAsync(db => db.RecognitionBudgets.AsNoTracking().SingleAsync(b => b.Id == budgetId));
        using var client = await fixture.ManagerApiClientAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await RecognitionFixture.AwardAsync(client, fixture.Line[0], 25)).StatusCode);

        var after = await fixture.WithDbAsync(db => db.RecognitionBudgets.AsNoTracking().SingleAsync(b => b.Id == budgetId));
        Assert.Equal(before.Spent, after.Spent);
    }

    /// <summary>
    /// ADR 1811: leadership holds a budget (the chief executive manages the heads of department) and awards from it to
    /// its reporting line, never to itself; before, the budget was listed but every award was refused.
    /// </summary>
    [Fact]
    public async Task Leadership_awards_its_reporting_line_from_its_own_budget()
    {
        using var client = await fixture.SignedInAsync("leadership");
        var token = await Support.SignIn.AntiforgeryTokenAsync(client, "/Recognition");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        var leader = await fixture.WithDbAsync(db => db.Users.Where(u => u.UserName == "leadership").Select(u => u.EmployeeId!.Value).SingleAsync());

        var response = await RecognitionFixture.AwardAsync(client, fixture.ManagerId, 30, "Leadership thanks the head of Platform");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var award = await fixture.WithDbAsync(db => db.RecognitionAwards.AsNoTracking().SingleAsync(a => a.Message == "Leadership thanks the head of Platform"));
        Assert.Equal((leader, fixture.ManagerId, AwardStatus.Approved), (award.GiverId, award.RecipientId, award.Status));
        Assert.True(await fixture.WithDbAsync(db => db.RecognitionBudgets.AnyAsync(b => b.ManagerId == leader && b.Spent >= 30)));
        Assert.Equal(HttpStatusCode.Forbidden, (await RecognitionFixture.AwardAsync(client, leader, 10, "Leadership thanks itself")).StatusCode);
        Assert.False(await fixture.WithDbAsync(db => db.RecognitionAwards.AnyAsync(a => a.RecipientId == leader)));
    }

    [Theory]
    [InlineData("employee")]
    [InlineData("hr")]
    public async Task Someone_who_is_not_a_manager_cannot_award(string user)
    {
        using var client = await fixture.SignedInAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await RecognitionFixture.AwardAsync(client, fixture.Line[0], 10)).StatusCode);
    }

    [Fact]
    public async Task The_award_api_rejects_a_request_without_the_antiforgery_header()
    {
        await fixture.LeaveInBudgetAsync(500);
        using var client = await fixture.SignedInAsync("manager");
        var before = await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await RecognitionFixture.AwardAsync(client, fixture.Line[0], 10)).StatusCode);
        Assert.Equal(before, await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync()));
    }

    [Fact]
    public async Task Racing_awards_spend_the_budget_exactly_and_never_beyond()
    {
        const int requests = 40, points = 25, budget = 500;
        using var client = await fixture.ManagerApiClientAsync();
        for (var round = 0; round < 3; round++)
        {
            var budgetId = await fixture.LeaveInBudgetAsync(budget);
            var awardsBefore = await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => a.BudgetId == budgetId));
            var spentBefore = await fixture.WithDbAsync(db => db.RecognitionBudgets.Where(b => b.Id == budgetId).Select(b => b.Spent).SingleAsync());

            var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i =>
                RecognitionFixture.AwardAsync(client, fixture.Line[i % fixture.Line.Count], points, $"race {round}/{i}")));

            Assert.Equal(budget / points, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.Equal(requests - budget / points, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var after = await fixture.WithDbAsync(db => db.RecognitionBudgets.AsNoTracking().SingleAsync(b => b.Id == budgetId));
            Assert.Equal(spentBefore + budget, after.Spent);
            Assert.Equal(after.Points, after.Spent);
            Assert.Equal(awardsBefore + budget / points, await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => a.BudgetId == budgetId)));
            Assert.Equal(budget / points, await fixture.WithDbAsync(db => db.RecognitionAwards.CountAsync(a => a.Message.StartsWith($"race {round}/") && a.Status == AwardStatus.Approved)));
        }
    }
}

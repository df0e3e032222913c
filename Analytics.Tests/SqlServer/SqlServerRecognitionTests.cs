using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Retention;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.SqlServer;

/// <summary>
/// The opt-in release suite, recognition part: the real web app (demo organisation seeded on first start) on a
/// SQL Server database of its own, created and dropped by each test.
/// </summary>
public sealed class SqlServerRecognitionTests
{
    [SqlServerFact]
    public async Task Twenty_parallel_awards_spend_one_budget_exactly_and_never_beyond()
    {
        const int requests = 20, points = 25, budget = 250;
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        await using var web = WebOn(database);
        var (manager, line) = await ManagerAndLineAsync(web);
        var budgetId = await LeaveInBudgetAsync(web, manager, budget);
        using var client = await ManagerApiClientAsync(web, line[0]);

        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i =>
            client.PostAsJsonAsync("/api/recognition/awards", new { recipientId = line[i % line.Count], category = 1, message = $"race {i}", points, evidenceActivityIds = Array.Empty<long>() })));

        Assert.Equal(budget / points, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(requests - budget / points, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var scope = web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var after = await db.RecognitionBudgets.AsNoTracking().SingleAsync(b => b.Id == budgetId);
        Assert.Equal(after.Points, after.Spent);
        Assert.Equal(budget / points, await db.RecognitionAwards.CountAsync(a => a.BudgetId == budgetId && a.Message.StartsWith("race ")));
    }

    [SqlServerFact]
    public async Task A_purge_that_meets_award_evidence_succeeds_and_the_award_keeps_its_evidence()
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        // The demo covers the three months before this one: one month of retention purges the oldest two.
        await using var web = WebOn(database, ("Retention:RawActivityMonths", "1"));
        var (manager, line) = await ManagerAndLineAsync(web);
        await LeaveInBudgetAsync(web, manager, 100);
        var contributions = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var (recipient, evidence) = await InScopeAsync(web, async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            var oldest = await db.Activities
                .Where(a => contributions.Contains(a.Type) && a.ActorAccount!.Person!.EmployeeId != null && line.Contains(a.ActorAccount.Person.EmployeeId!.Value))
                .OrderBy(a => a.OccurredAt)
                .Select(a => new { Employee = a.ActorAccount!.Person!.EmployeeId!.Value, a.Id })
                .FirstAsync();
            return (oldest.Employee, oldest.Id);
        });
        using var client = await ManagerApiClientAsync(web, line[0]);
        var response = await client.PostAsJsonAsync("/api/recognition/awards", new { recipientId = recipient, category = 1, message = "evidence", points = 10, evidenceActivityIds = new[] { evidence } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var purge = await InScopeAsync(web, sp => sp.GetRequiredService<RetentionPurger>().PurgeAsync(dryRun: false, "test", CancellationToken.None));

        Assert.True(purge.Activities > 0, "the purge reached the evidence's month");
        await InScopeAsync(web, async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            Assert.False(await db.Activities.AnyAsync(a => a.Id == evidence), "the evidence's activity is past retention and purged");
            var award = await db.RecognitionAwards.Include(a => a.Evidence).SingleAsync(a => a.Message == "evidence");
            Assert.Single(award.Evidence);
            return 0;
        });
    }

    private static AnalyticsWebFactory WebOn(ScratchSqlServerDatabase database, params (string Key, string Value)[] settings) =>
        new(configure: builder =>
        {
            builder.UseSetting("Database:Provider", nameof(DatabaseProvider.SqlServer));
            builder.UseSetting("Database:ConnectionString", database.ConnectionString);
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        });

    private static async Task<T> InScopeAsync<T>(AnalyticsWebFactory web, Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = web.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    private static async Task<(int Manager, IReadOnlyList<int> Line)> ManagerAndLineAsync(AnalyticsWebFactory web)
    {
        await Task.Run(() => web.CreateClient().Dispose());
        return await InScopeAsync(web, async sp =>
        {
            var db = sp.GetRequiredService<AnalyticsDbContext>();
            var manager = (await db.Users.SingleAsync(u => u.UserName == "manager")).EmployeeId!.Value;
            var line = await sp.GetRequiredService<ReportingLine>().MembersAsync(manager, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);
            return (manager, (IReadOnlyList<int>)line.Order().ToList());
        });
    }

    private static Task<int> LeaveInBudgetAsync(AnalyticsWebFactory web, int manager, int remaining) =>
        InScopeAsync(web, async sp =>
        {
            var budgets = sp.GetRequiredService<RecognitionBudgets>();
            var budget = await budgets.GetOrCreateAsync(manager, budgets.Current, "test", CancellationToken.None);
            var result = await budgets.SetAsync(manager, budgets.Current, budget.Spent + remaining, "test", CancellationToken.None);
            Assert.True(result.Succeeded, result.Error);
            return budget.Id;
        });

    private static async Task<HttpClient> ManagerApiClientAsync(AnalyticsWebFactory web, int recipient)
    {
        var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, "manager");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", await SignIn.AntiforgeryTokenAsync(client, "/Recognition"));
        return client;
    }
}

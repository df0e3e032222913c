using System.Net.Http.Json;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Recognition;

/// <summary>One seeded app for the recognition tests; helpers read the demo manager's line and reset budgets.</summary>
public sealed class RecognitionFixture : IAsyncLifetime
{
    public AnalyticsWebFactory Web { get; } = new();
    public int ManagerId { get; private set; }
    public int EmployeeUserId { get; private set; }
    public IReadOnlyList<int> Line { get; private set; } = [];
    public int Outsider { get; private set; }

    public async Task InitializeAsync()
    {
        await Task.Run(() => Web.CreateClient().Dispose());
        await using var scope = Web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        ManagerId = (await db.Users.SingleAsync(u => u.UserName == "manager")).EmployeeId!.Value;
        EmployeeUserId = (await db.Users.SingleAsync(u => u.UserName == "employee")).EmployeeId!.Value;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var line = await scope.ServiceProvider.GetRequiredService<ReportingLine>().MembersAsync(ManagerId, today, default);
        Line = line.Order().ToList();
        Outsider = await db.Employees.Where(e => e.Id != ManagerId && !Line.Contains(e.Id)).Select(e => e.Id).FirstAsync();
    }

    public async Task DisposeAsync() => await Web.DisposeAsync();

    /// <summary>Makes exactly <paramref name="remaining"/> points left in the manager's budget this quarter (as HR would).</summary>
    public async Task<int> LeaveInBudgetAsync(int remaining)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        var budgets = scope.ServiceProvider.GetRequiredService<RecognitionBudgets>();
        var budget = await budgets.GetOrCreateAsync(ManagerId, budgets.Current, "test", default);
        var result = await budgets.SetAsync(ManagerId, budgets.Current, budget.Spent + remaining, "test", default);
        Assert.True(result.Succeeded, result.Error);
        return budget.Id;
    }

    public async Task<T> WithDbAsync<T>(Func<AnalyticsDbContext, Task<T>> read)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>());
    }

    public async Task<HttpClient> SignedInAsync(string user)
    {
        var client = Web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    /// <summary>A manager client carrying the anti-forgery header the award API asks for.</summary>
    public async Task<HttpClient> ManagerApiClientAsync()
    {
        var client = await SignedInAsync("manager");
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Recognition");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return client;
    }

    /// <summary>A manager gives an award through the real form; returns its id (messages are unique per test).</summary>
    public async Task<long> AwardThroughFormAsync(HttpClient manager, int recipient, int points, string message)
    {
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        var response = await manager.PostAsync("/Recognition", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.RecipientId"] = recipient.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Category"] = "4",
            ["Form.Message"] = message,
            ["Form.Points"] = points.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return await WithDbAsync(db => db.RecognitionAwards.Where(a => a.Message == message).Select(a => a.Id).SingleAsync());
    }

    /// <summary>HR approves or rejects an award through the approvals form.</summary>
    public static async Task<HttpResponseMessage> DecideAsync(HttpClient hr, string handler, long id, string? reason = null)
    {
        // The budgets page always has a form; the approvals page has none once nothing is pending.
        var token = await SignIn.AntiforgeryTokenAsync(hr, "/Recognition/Budgets");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = token };
        if (reason is not null)
            form["reason"] = reason;
        return await hr.PostAsync($"/Recognition/Approvals?handler={handler}&id={id}", new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> AwardAsync(HttpClient client, int recipient, int points, string message = "Thanks for sharing") =>
        client.PostAsJsonAsync("/api/recognition/awards", new { recipientId = recipient, category = 1, message, points, evidenceActivityIds = Array.Empty<long>() });
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Analytics.Domain.Persistence;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analytics.Tests.Security;

/// <summary>
/// Every log line the app writes at its shipped levels (appsettings.json) during a session of sign-ins,
/// profile views, awards, approvals and exports holds no password, e-mail address, person's name,
/// cookie or anti-forgery token.
/// </summary>
public sealed class LogPrivacyTests
{
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // The rendered message, the structured values and the exception: whatever a sink could store.
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }

    [Fact]
    public async Task A_session_of_sign_ins_profile_views_awards_and_exports_logs_no_secret_or_personal_data()
    {
        var logs = new CapturedLogs();
        await using var web = new AnalyticsWebFactory(configure: b => b.ConfigureLogging(l => l.AddProvider(logs)));
        await Task.Run(() => web.CreateClient().Dispose());
        var people = await DemoPeople.LoadAsync(web);
        var secrets = new List<string> { DemoAccounts.Password, "Wrong-password-7731" };

        using (var stranger = Client(web))
        {
            await SignIn.PostAsync(stranger, "hr", "Wrong-password-7731");
            await SignIn.PostAsync(stranger, "nobody.at.all", "Wrong-password-7731");
            // A post without the token: the anti-forgery failure is logged.
            await stranger.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.UserName"] = "hr", ["Form.Password"] = DemoAccounts.Password }));
        }

        using var hr = Client(web);
        await SignIn.AsAsync(hr, "hr");
        using var manager = Client(web);
        await SignIn.AsAsync(manager, "manager");
        var token = await SignIn.AntiforgeryTokenAsync(manager, "/Recognition");
        secrets.Add(token);
        manager.DefaultRequestHeaders.Add("RequestVerificationToken", token);

        foreach (var id in people.ManagerLine.Append(people.Outsider))
        {
            Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/People/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/api/people/{id}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/people/{people.Outsider}")).StatusCode);
        var recipient = await WithDbAsync(web, db => db.Persons.Where(p => p.Id == people.InLine).Select(p => p.EmployeeId!.Value).SingleAsync());
        var award = await manager.PostAsJsonAsync("/api/recognition/awards", new { recipientId = recipient, category = 1, message = "Thanks for the runbook", points = 150 });
        Assert.Equal(HttpStatusCode.Created, award.StatusCode);
        var awardId = (await award.Content.ReadFromJsonAsync<Analytics.Web.Recognition.AwardResponse>())!.AwardId;
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/recognition/awards", new { recipientId = 1, category = 1, message = "x", points = 1 })).StatusCode);

        var approve = await hr.PostAsync($"/Recognition/Approvals?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(hr, "/Recognition/Approvals"),
            ["id"] = awardId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        var month = DateTime.UtcNow.AddMonths(-1);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync($"/exports/activities.xlsx?from={month:yyyy-MM}-01&to={month:yyyy-MM}-28")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/exports/recognition/awards.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hr.GetAsync("/People?q=a")).StatusCode);

        secrets.AddRange(await CookieValuesAsync(hr, manager));
        var personal = await WithDbAsync(web, async db =>
        {
            var emails = await db.Employees.Select(e => e.Email).ToListAsync();
            var names = await db.Employees.Select(e => e.DisplayName).Concat(db.Persons.Select(p => p.DisplayName)).ToListAsync();
            return emails.Concat(names).Distinct().ToList();
        });

        var lines = logs.Lines.ToList();
        Assert.True(lines.Count > 5, $"only {lines.Count} log lines captured: the capture is not wired");
        Assert.Contains(lines, l => l.Contains("Demo organisation ready", StringComparison.Ordinal));
        var leaks = (from line in lines
                     from value in secrets.Concat(personal)
                     where value.Length >= 4 && line.Contains(value, StringComparison.OrdinalIgnoreCase)
                     select $"'{value}' in: {line}").ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Take(20)));
    }

    private static HttpClient Client(AnalyticsWebFactory web) =>
        web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The cookie values the app handed out, read from the Cookie header the clients send back.</summary>
    private static async Task<List<string>> CookieValuesAsync(params HttpClient[] clients)
    {
        var found = new List<string>();
        foreach (var client in clients)
        {
            var response = await client.GetAsync("/Account/SignIn");
            var header = response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join(";", values) : "";
            found.AddRange(header.Split(';').Select(pair => pair.Split('=', 2)).Where(kv => kv.Length == 2 && kv[1].Trim().Length >= 16).Select(kv => kv[1].Trim()));
        }

        Assert.True(found.Count >= 4, $"only {found.Count} cookie values found");
        return found;
    }

    private static async Task<T> WithDbAsync<T>(AnalyticsWebFactory web, Func<AnalyticsDbContext, Task<T>> read)
    {
        await using var scope = web.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>());
    }
}

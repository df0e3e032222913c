using Analytics.Domain.Email;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Email;
using Analytics.Tests.Scheduling;
using Analytics.Tests.Support;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Email;

/// <summary>The real app with e-mail on, sending through its own Hangfire server to an in-process SMTP server on 127.0.0.1.</summary>
public sealed class EmailFixture : IAsyncLifetime
{
    public const string BaseUrl = "https://dashboard.example.org/";

    public TestSmtpServer Smtp { get; private set; } = null!;
    public AnalyticsWebFactory Web { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await TestSmtpServer.StartAsync();
        Web = new AnalyticsWebFactory(configure: builder =>
        {
            builder.UseSetting("Email:Enabled", "true");
            builder.UseSetting("Email:Mode", "Smtp");
            builder.UseSetting("Email:Host", "127.0.0.1");
            builder.UseSetting("Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Email:Tls", "None");
            builder.UseSetting("Email:From", "Knowledge dashboard <dashboard@example.org>");
            builder.UseSetting("Email:PublicBaseUrl", BaseUrl);
            builder.UseSetting("Email:MaxAttempts", "3");
        });
        await Task.Run(() => Web.CreateClient().Dispose());
    }

    public async Task DisposeAsync()
    {
        await Web.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Each test starts from an empty outbox, an empty mailbox, a server that accepts, and nobody unsubscribed.</summary>
    public async Task ResetAsync()
    {
        await WithDbAsync(async db =>
        {
            await db.OutboxMessages.ExecuteDeleteAsync();
            await db.Employees.ExecuteUpdateAsync(s => s.SetProperty(e => e.EmailOptOut, EmailDigest.None));
            return true;
        });
        Smtp.Refuse = false;
        Smtp.Clear();
    }

    public async Task<T> WithDbAsync<T>(Func<AnalyticsDbContext, Task<T>> read)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>());
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Web.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public Task<int> EmployeeOfAsync(string userName) =>
        WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.EmployeeId!.Value).SingleAsync());

    public Task<string> AddressOfAsync(int employeeId) => WithDbAsync(db => db.Employees.Where(e => e.Id == employeeId).Select(e => e.Email).SingleAsync());

    /// <summary>
    /// Waits until the sends the producers triggered have run: every message attempted at least once (sent, skipped, or
    /// pending with an error) and the job server idle.
    /// </summary>
    public Task SettledAsync() => JobServerHost.WaitUntilAsync("the outbox is attempted and the job server idle", async () =>
    {
        var monitor = Web.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return !await WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Pending && m.Attempts == 0))
               && monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0;
    });

    /// <summary>Waits until <paramref name="done"/> holds and the job server is idle.</summary>
    public Task IdleAfterAsync(Func<bool> done) => JobServerHost.WaitUntilAsync("the job server is idle after the send", () =>
    {
        var monitor = Web.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        return Task.FromResult(done() && monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0);
    });

    /// <summary>Runs the real job once more through Hangfire, as the recurring schedule would; returns its final state.</summary>
    public async Task<string> RunSendJobAsync()
    {
        var storage = Web.Services.GetRequiredService<JobStorage>();
        var id = Web.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<EmailOutboxJob>(job => job.SendPendingAsync(CancellationToken.None));
        string? state = null;
        await JobServerHost.WaitUntilAsync("the send job has finished", () =>
        {
            using var connection = storage.GetConnection();
            state = connection.GetJobData(id)?.State;
            return Task.FromResult(state is "Succeeded" or "Failed");
        });
        return state!;
    }
}

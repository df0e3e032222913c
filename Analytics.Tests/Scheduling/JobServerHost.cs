using Analytics.Domain.Persistence;
using Analytics.Jobs.Hosting;
using Analytics.Tests.Support;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Scheduling;

/// <summary>
/// One process's worth of the product's job hosting over a shared test database: the app's own registrations
/// (AddAnalyticsJobs, and AddAnalyticsJobServer when <c>server</c>) with a fixed clock and the embedded in-memory job
/// storage. Disposing it is what a restart does to that storage: every queued job and schedule is gone.
/// </summary>
public sealed class JobServerHost : IAsyncDisposable
{
    private JobServerHost(IHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public IHost Host { get; }
    public FakeTimeProvider Clock { get; }
    public JobStorage Storage => Host.Services.GetRequiredService<JobStorage>();
    public IBackgroundJobClient Jobs => Host.Services.GetRequiredService<IBackgroundJobClient>();

    public static async Task<JobServerHost> StartAsync(TestDatabase database, DateTimeOffset now, bool server = true, bool catchUp = true,
        string timeZone = "UTC")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Jobs:PollingInterval"] = "00:00:00.100",
            ["Jobs:TimeZone"] = timeZone,
        });
        builder.Logging.ClearProviders();
        builder.AddAnalyticsJobs();
        if (server)
            builder.AddAnalyticsJobServer();
        var clock = new FakeTimeProvider(now);
        builder.Services.AddSingleton<TimeProvider>(clock);
        if (!catchUp)
        {
            var descriptor = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MonthCatchUp));
            builder.Services.Remove(descriptor);
        }

        var host = builder.Build();
        await host.StartAsync();
        return new JobServerHost(host, clock);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> body)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await body(scope.ServiceProvider);
    }

    /// <summary>Every job this host's storage knows has run to an end state (succeeded or failed): nothing queued, running or waiting.</summary>
    public bool Idle()
    {
        var monitor = Storage.GetMonitoringApi();
        return monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0 && monitor.ScheduledCount() == 0
               && monitor.GetStatistics().Awaiting == 0;
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails the test (naming what it waited for) after a generous bound.</summary>
    public static async Task WaitUntilAsync(string what, Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Gave up waiting (60 s) until {what}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

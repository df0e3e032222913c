using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Tests.Metrics;

public sealed class RegistrationTests
{
    [Fact]
    public async Task The_aggregation_job_runs_from_the_container_like_hangfire_would_run_it()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var a = await w.DepartmentAsync("A");
        var alice = await w.PersonAsync("alice", a);
        await w.ActAsync(ActivityType.Authored, alice, await w.ItemAsync(alice), new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] = w.Database.ConnectionString,
        });
        builder.AddAnalyticsJobs();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        foreach (var type in new[] { typeof(MonthCloseJob), typeof(LeaderboardQuery), typeof(MetricsQuery), typeof(BarriersQuery), typeof(PointsExplainer), typeof(ScoringRuleStore) })
            Assert.NotNull(scope.ServiceProvider.GetRequiredService(type));

        await scope.ServiceProvider.GetRequiredService<AggregationJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, await w.Db.DailyPersonMetrics.CountAsync());
        Assert.Empty(await w.Db.DirtyDays.ToListAsync());
    }
}

public sealed class ScheduleTests
{
    [Fact]
    public void Recurring_jobs_are_registered_with_their_crons()
    {
        using var storage = new Hangfire.InMemory.InMemoryStorage();
        var manager = new Hangfire.RecurringJobManager(storage);

        manager.AddOrUpdateMetricsJobs(TimeZoneInfo.Utc);

        using var connection = storage.GetConnection();
        var jobs = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).ToDictionary(j => j.Id, j => j.Cron);
        Assert.Equal(MetricsSchedule.AggregationCron, jobs[MetricsSchedule.AggregationId]);
        Assert.Equal(MetricsSchedule.MonthCloseCron, jobs[MetricsSchedule.MonthCloseId]);
    }
}

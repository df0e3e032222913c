using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
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

public sealed class ReportPrivacySettingTests
{
    [Theory]
    [InlineData(null, null, 5)]
    [InlineData("7", null, 7)]
    [InlineData(null, "2", 5)]
    [InlineData("8", "2", 8)]
    public void The_report_takes_its_minimum_group_size_from_the_one_privacy_setting(string? privacy, string? reports, int expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Privacy:MinimumGroupSize"] = privacy,
            ["Reports:MinimumGroupSize"] = reports,
        });
        builder.AddMonthlyReports();
        using var host = builder.Build();

        Assert.Equal(expected, host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MonthlyReportOptions>>().Value.MinimumGroupSize);
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

using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Scheduling;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Tests.SqlServer;

/// <summary>
/// Opt-in (ANALYTICS_SQLSERVER): two job servers on one SQL Server job storage, as two `analytics worker` processes
/// would run them (issue 14's release suite, issue 15's N workers). Both register the schedule (ADR 1501); Hangfire's
/// recurring-job scheduler holds a distributed lock in the storage, so each occurrence is enqueued once and run once.
/// </summary>
public sealed class SqlServerHangfireTests
{
    [SqlServerFact]
    public async Task Two_job_servers_on_SQL_Server_storage_run_each_scheduled_occurrence_once()
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        var csv = Path.Combine(Path.GetTempPath(), $"hangfire-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "event_id,occurred_at,actor,actor_name,type,item_id,item_title,item_url,item_kind,item_author,item_author_name,quantity\n"
            + "ev-1,2026-10-01T09:00:00Z,ada,,authored,page-1,,,page,ada,,\n");
        try
        {
            using var first = Worker(database.ConnectionString);
            using var second = Worker(database.ConnectionString);
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
                await new DatabaseInitializer(db).MigrateAsync(CancellationToken.None);
                db.SourceSystems.Add(new SourceSystem
                {
                    Name = "wiki", Kind = ActivityCsvConnector.KindName, Location = csv, Schedule = "* * * * *", CreatedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
                // What the refresh job does every five minutes, done once now: the source's recurring sync exists.
                await scope.ServiceProvider.GetRequiredService<SyncSchedule>().ApplyAsync(CancellationToken.None);
            }

            var started = DateTimeOffset.UtcNow;
            await Task.WhenAll(first.StartAsync(), second.StartAsync());
            // Three minute boundaries pass: three occurrences of "* * * * *".
            await Task.Delay(TimeSpan.FromMinutes(3.2));
            await Task.WhenAll(first.StopAsync(), second.StopAsync());

            await using var check = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, database.ConnectionString);
            var runs = await check.SyncRuns.AsNoTracking().Where(r => r.Trigger == "schedule").Select(r => r.StartedAt).ToListAsync();
            var perMinute = runs.GroupBy(r => new DateTimeOffset(r.Year, r.Month, r.Day, r.Hour, r.Minute, 0, r.Offset)).ToList();
            Assert.InRange(perMinute.Count, 3, 4);
            Assert.All(perMinute, minute => Assert.Single(minute));
            Assert.All(runs, r => Assert.True(r >= started.AddSeconds(-1), "no run before the servers started"));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static IHost Worker(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.SqlServer),
            ["Database:ConnectionString"] = connectionString,
            ["Jobs:Storage"] = nameof(JobStorageKind.SqlServer),
            ["Jobs:TimeZone"] = "UTC",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAnalyticsJobs();
        builder.AddAnalyticsJobServer();
        return builder.Build();
    }
}

using Analytics.Jobs.Retention;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Email;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Hosting;

public static class JobsRegistration
{
    /// <summary>Database, job storage and the job classes; no server (see <see cref="AddAnalyticsJobServer"/>).</summary>
    public static IHostApplicationBuilder AddAnalyticsJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAnalyticsDatabase(builder.Configuration);
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddSingleton<DemoPreparation>();
        builder.Services.AddScoped<DemoMonths>();
        builder.Services.AddSingleton(services => new Coordination.DatabaseLock(
            () =>
            {
                var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                return DatabaseRegistration.CreateContext(database.Provider, database.ResolvedConnectionString);
            },
            services.GetRequiredService<IOptions<JobsOptions>>().Value,
            services.GetRequiredService<ILoggerFactory>().CreateLogger<Coordination.DatabaseLock>()));
        builder.AddIngestion();
        builder.AddMetrics();
        builder.AddMonthlyReports();
        builder.AddRetention();
        builder.AddEmailDigests();

        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        // The storage is this host's own singleton, registered before AddHangfire (whose registration only
        // fills gaps): Hangfire's default resolves the process-wide JobStorage.Current, which another host in
        // the same process (tests, a worker beside the web app) may replace or dispose.
        builder.Services.AddSingleton<JobStorage>(_ => jobs.Storage switch
        {
            JobStorageKind.SqlServer => new SqlServerStorage(
                jobs.ConnectionString
                    ?? builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.ConnectionString
                    ?? throw new InvalidOperationException("Jobs:ConnectionString or Database:ConnectionString is required for SQL Server job storage."),
                new SqlServerStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = jobs.PollingInterval,
                    PrepareSchemaIfNecessary = true,
                }),
            _ => new InMemoryStorage(new InMemoryStorageOptions()),
        });
        // The same for the job activator: Hangfire.AspNetCore's default is the process-wide JobActivator.Current,
        // which the last host to start overwrites, so a job of one host could run in another host's services.
        // Each job's scope is marked as a job's, so its SQL Server commands get Database:JobCommandTimeoutSeconds.
        builder.Services.AddSingleton<JobActivator>(services => new JobScopeActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogBridge(services.GetRequiredService<ILoggerFactory>()))
            .UseStorage(services.GetRequiredService<JobStorage>()));
        return builder;
    }

    /// <summary>
    /// A Hangfire server and the recurring-job registration (<see cref="JobSchedule"/>). Every process that runs a server
    /// registers the schedule, and only those (ADR 1501): registrations are idempotent upserts by id in the shared job
    /// storage, so N servers still hold one schedule, and a web app without a server never touches it.
    /// </summary>
    public static IHostApplicationBuilder AddAnalyticsJobServer(this IHostApplicationBuilder builder, JobServerSettings? settings = null)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = settings?.Workers ?? jobs.WorkerCount;
            options.SchedulePollingInterval = jobs.PollingInterval;
            options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            if (settings?.Queues is { Length: > 0 } queues)
                options.Queues = queues;
            if (settings?.ShutdownTimeout is { } shutdown)
            {
                // Running jobs see their cancellation token at once and get the rest of the timeout to stop.
                options.StopTimeout = TimeSpan.Zero;
                options.ShutdownTimeout = shutdown;
            }
        });
        builder.Services.AddHostedService<JobSchedule>();
        builder.Services.AddScoped<MonthCatchUpJob>();
        if (jobs.CatchUpOnStart)
            builder.Services.AddHostedService<MonthCatchUp>();
        return builder;
    }
}

/// <summary>Overrides of one server's settings from the `analytics worker` command line.</summary>
public sealed record JobServerSettings(string[]? Queues, int? Workers, TimeSpan? ShutdownTimeout);

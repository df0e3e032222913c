using Analytics.Jobs.Hosting;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Reports.Monthly;

public static class MonthlyReportRegistration
{
    public static IHostApplicationBuilder AddMonthlyReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonthlyReportOptions>()
            .BindConfiguration(MonthlyReportOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<MonthlyReportBuilder>();
        builder.Services.AddScoped<MonthlyReportArchive>();
        builder.Services.AddScoped<MonthlyReportJob>();
        builder.Services.AddHostedService<MonthlyReportSchedule>();
        return builder;
    }
}

/// <summary>Registers the recurring monthly-report job at start (needs no database).</summary>
public sealed class MonthlyReportSchedule(IRecurringJobManager recurringJobs, IOptions<JobsOptions> jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<MonthlyReportJob>(MonthlyReportJob.Id, job => job.RunAsync(CancellationToken.None), MonthlyReportJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(jobs.Value.TimeZone) });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

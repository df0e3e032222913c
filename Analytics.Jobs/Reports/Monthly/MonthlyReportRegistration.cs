using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Jobs.Reports.Monthly;

public static class MonthlyReportRegistration
{
    public static IHostApplicationBuilder AddMonthlyReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonthlyReportOptions>()
            .BindConfiguration(MonthlyReportOptions.Section)
            // One privacy rule for pages, API and exports: Privacy:MinimumGroupSize wins when it is set.
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration.GetValue<int?>("Privacy:MinimumGroupSize") is { } size)
                    options.MinimumGroupSize = size;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<MonthlyReportBuilder>();
        builder.Services.AddScoped<MonthlyReportArchive>();
        builder.Services.AddScoped<MonthlyReportJob>();
        return builder;
    }
}

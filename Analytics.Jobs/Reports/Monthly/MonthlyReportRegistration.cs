using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Jobs.Reports.Monthly;

public static class MonthlyReportRegistration
{
    public const string PrivacyMinimumGroupSizeKey = "Privacy:MinimumGroupSize";

    public static IHostApplicationBuilder AddMonthlyReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonthlyReportOptions>()
            .BindConfiguration(MonthlyReportOptions.Section)
            // One privacy rule for pages, API, exports and the report: the minimum group size is the setting
            // Privacy:MinimumGroupSize (default 5), never a second one of the report's own.
            .Configure<IConfiguration>((options, configuration) =>
                options.MinimumGroupSize = configuration.GetValue(PrivacyMinimumGroupSizeKey, MonthlyReportOptions.DefaultMinimumGroupSize))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<MonthlyReportBuilder>();
        builder.Services.AddScoped<MonthlyReportArchive>();
        builder.Services.AddScoped<MonthlyReportJob>();
        return builder;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        return builder;
    }
}

namespace Analytics.Web.Dashboard;

/// <summary>Departments, knowledge flow, barriers, communities, leaderboard and definitions; the metric queries come from AddAnalyticsJobs.</summary>
public static class DashboardRegistration
{
    public static WebApplicationBuilder AddDashboardPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>()
            .BindConfiguration(PrivacyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<DepartmentsQuery>();
        builder.Services.AddScoped<DrillDownQuery>();
        builder.Services.AddScoped<LeaderboardRunner>();
        builder.Services.AddScoped<Communities.CommunitiesQuery>();
        return builder;
    }
}

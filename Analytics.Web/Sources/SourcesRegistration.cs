namespace Analytics.Web.Sources;

public static class SourcesRegistration
{
    public static IServiceCollection AddSources(this IServiceCollection services)
    {
        services.AddScoped<SourcesQuery>();
        services.AddScoped<SyncNow>();
        return services;
    }
}

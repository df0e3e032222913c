using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Caching;

public static class CachingRegistration
{
    public static IServiceCollection AddReadModelCache(this IServiceCollection services)
    {
        services.AddOptions<DashboardCacheOptions>()
            .BindConfiguration(DashboardCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LocalWrites>();
        services.AddSingleton<IInterceptor, LocalWritesInterceptor>();
        services.AddSingleton<IDataVersion>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
        {
            DatabaseProvider.Sqlite => ActivatorUtilities.CreateInstance<SqliteDataVersion>(sp),
            _ => ActivatorUtilities.CreateInstance<IntervalDataVersion>(sp),
        });
        services.AddSingleton<ReadModelCache>();
        services.AddHostedService<DashboardWarmUp>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Analytics.Domain.Persistence;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="AnalyticsDbContext"/> for the provider named in configuration, with every EF Core
    /// <see cref="IInterceptor"/> registered in the container (the web app's write counter).
    /// </summary>
    public static IServiceCollection AddAnalyticsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContext<SqliteAnalyticsDbContext>((sp, b) =>
                    ConfigureSqlite(b, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedConnectionString)
                        .AddInterceptors(sp.GetServices<IInterceptor>()));
                services.AddScoped<AnalyticsDbContext>(sp => sp.GetRequiredService<SqliteAnalyticsDbContext>());
                break;
            case DatabaseProvider.SqlServer:
                services.AddDbContext<SqlServerAnalyticsDbContext>((sp, b) =>
                {
                    var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
                    var job = sp.GetRequiredService<DatabaseWorkload>().IsJob;
                    ConfigureSqlServer(b, database.ResolvedConnectionString, job ? database.JobCommandTimeoutSeconds : null)
                        .AddInterceptors(sp.GetServices<IInterceptor>());
                });
                services.AddScoped<AnalyticsDbContext>(sp => sp.GetRequiredService<SqlServerAnalyticsDbContext>());
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        services.AddScoped<DatabaseWorkload>();
        services.AddScoped(sp => new DatabaseInitializer(sp.GetRequiredService<AnalyticsDbContext>(),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolvedMigrateOnStart));
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"));

    // No retrying execution strategy (ADR 1401): it refuses the product's own transactions and buffers every query.
    // A transient failure fails the unit it hit; runs resume from their last commit and Hangfire retries the job.
    public static DbContextOptionsBuilder ConfigureSqlServer(DbContextOptionsBuilder builder, string connectionString, int? commandTimeoutSeconds = null) =>
        builder.UseSqlServer(connectionString, o =>
        {
            o.MigrationsHistoryTable("__EFMigrationsHistory", SqlServerAnalyticsDbContext.Schema);
            if (commandTimeoutSeconds is { } seconds)
                o.CommandTimeout(seconds);
        });

    /// <summary>A context outside DI (command line overrides, tests, benchmarks).</summary>
    public static AnalyticsDbContext CreateContext(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteAnalyticsDbContext(
            (DbContextOptions<SqliteAnalyticsDbContext>)ConfigureSqlite(new DbContextOptionsBuilder<SqliteAnalyticsDbContext>(), connectionString).Options),
        DatabaseProvider.SqlServer => new SqlServerAnalyticsDbContext(
            (DbContextOptions<SqlServerAnalyticsDbContext>)ConfigureSqlServer(new DbContextOptionsBuilder<SqlServerAnalyticsDbContext>(), connectionString).Options),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

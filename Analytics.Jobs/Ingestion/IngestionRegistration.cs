using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion;

public static class IngestionRegistration
{
    /// <summary>The runner, the bulk writer of the configured provider, the connectors, identity resolution and the sync schedule.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<ISqlServerBulkCopy, SqlServerBulkCopy>();
        builder.Services.AddScoped<IActivityBulkWriter>(sp => sp.GetRequiredService<AnalyticsDbContext>().Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteActivityBulkWriter(sp.GetRequiredService<IOptions<IngestionOptions>>().Value.SqliteCacheSizeMiB),
            DatabaseProvider.SqlServer => new SqlServerActivityBulkWriter(sp.GetRequiredService<ISqlServerBulkCopy>()),
            var other => throw new InvalidOperationException($"No bulk writer for provider {other}."),
        });
        builder.Services.AddSingleton<ISourceConnectorFactory, ActivityCsvConnectorFactory>();
        builder.Services.AddSingleton<ISourceConnectorFactory, ActivityJsonlConnectorFactory>();
        builder.Services.AddSingleton<ISourceConnectorFactory, MediaWikiConnectorFactory>();
        builder.Services.AddSingleton<ISourceConnectorFactory, GitConnectorFactory>();
        builder.Services.AddSlackConnector();
        builder.Services.AddLiveSources(builder.Configuration);
        builder.Services.AddSingleton<ISourceConnectorFactory, StackExchangeConnectorFactory>();
        builder.Services.AddScoped<IngestionRunner>();
        builder.Services.AddScoped<IdentityResolver>();
        builder.Services.AddScoped<HrDirectoryImporter>();
        builder.Services.AddScoped<SourceSync>();
        builder.Services.AddScoped<SourceSyncJob>();
        builder.Services.AddScoped<SyncSchedule>();
        builder.Services.AddSingleton<SourceLock>();
        return builder;
    }
}

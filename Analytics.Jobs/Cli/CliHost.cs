using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Analytics.Jobs.Hosting;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Cli;

/// <summary>The services a command needs, configured like the web app (appsettings, environment) plus --db/--provider.</summary>
public static class CliHost
{
    public static IHost Build(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(CliOptions.ToConfiguration(parse));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAnalyticsJobs();
        return builder.Build();
    }

    /// <summary>Runs <paramref name="body"/> in a DI scope; a scope per command mirrors a scope per Hangfire job.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, Task<int>> body)
    {
        using var host = Build(parse);
        await using var scope = host.Services.CreateAsyncScope();
        return await body(scope.ServiceProvider);
    }
}

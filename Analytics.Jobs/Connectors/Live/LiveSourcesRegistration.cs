using System.ComponentModel.DataAnnotations;
using System.Net;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Confluence;
using Analytics.Jobs.Connectors.GitHub;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Jobs.Connectors.Xapi;
using Analytics.Jobs.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Analytics.Jobs.Connectors.Live;

public static class LiveSourcesRegistration
{
    /// <summary>
    /// One named HttpClient per configured live source (LiveSources:{name}): rate-limit waits outside, then retries with
    /// exponential back-off and jitter on 5xx, 408 and timeouts, then a per-attempt timeout. Options are validated at start.
    /// </summary>
    public static IServiceCollection AddLiveSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.AddSingleton<IRateLimitDelay, ClockRateLimitDelay>();
        services.AddSingleton<LiveSourceCatalog>();
        services.AddSingleton<ISourceConnectorFactory>(sp => Factory(sp, XapiConnector.KindName, (http, options, _, _) => new XapiConnector(http, options)));
        services.AddSingleton<ISourceConnectorFactory>(sp => Factory(sp, GitHubConnector.KindName, (http, options, clock, _) => new GitHubConnector(http, options, clock),
            GitHubConnector.NotFoundHint));
        services.AddSingleton<ISourceConnectorFactory>(sp => Factory(sp, ConfluenceConnector.KindName, (http, options, clock, source) =>
            new ConfluenceConnector(http, options, clock, source.Id, new ImportedViewTotals(sp.GetRequiredService<IServiceScopeFactory>()))));
        foreach (var section in configuration.GetSection(LiveSourceOptions.Section).GetChildren())
        {
            var name = section.Key;
            var kind = section["Kind"];
            services.AddOptions<LiveSourceOptions>(name).Bind(section)
                .Validate(o => Validates(o), $"LiveSources:{name} is invalid: it needs Kind, BaseUrl and the settings of its kind (docs/connectors.md).")
                .ValidateOnStart();
            services.AddHttpClient(LiveSourceKinds.HttpClientName(name), client =>
                {
                    // The per-attempt timeout of the pipeline bounds each request; the client's own timeout would also cut
                    // a rate-limit wait short.
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    client.DefaultRequestHeaders.UserAgent.ParseAdd("knowledge-analytics/1.0");
                    foreach (var (header, value) in KindHeaders(kind))
                        client.DefaultRequestHeaders.Add(header, value);
                })
                .AddHttpMessageHandler(sp => new RateLimitHandler(Options(sp, name), sp.GetRequiredService<IRateLimitDelay>(),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RateLimitHandler>>()))
                .AddResilienceHandler("live-source", (pipeline, context) =>
                {
                    var options = Options(context.ServiceProvider, name);
                    if (options.MaxRetries > 0)
                    {
                        pipeline.AddRetry(new HttpRetryStrategyOptions
                        {
                            MaxRetryAttempts = options.MaxRetries,
                            Delay = options.RetryDelay,
                            BackoffType = DelayBackoffType.Exponential,
                            UseJitter = true,
                            // 429 is the rate-limit handler's: waiting for the vendor's reset, not a quick retry.
                            ShouldHandle = args => ValueTask.FromResult(
                                args.Outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
                                || args.Outcome.Result is { StatusCode: var status }
                                   && ((int)status >= 500 || status == HttpStatusCode.RequestTimeout)),
                            OnRetry = args =>
                            {
                                LiveRequests.StatsOf(args.Context.GetRequestMessage())?.Retried();
                                return ValueTask.CompletedTask;
                            },
                        });
                    }

                    pipeline.AddTimeout(options.RequestTimeout);
                });
        }

        return services;
    }

    /// <summary>The API version each connector's mapping and fixtures follow, asked for on every request.</summary>
    private static IEnumerable<(string Header, string Value)> KindHeaders(string? kind) => kind switch
    {
        LiveSourceKinds.Xapi => [("X-Experience-API-Version", "1.0.3")],
        LiveSourceKinds.GitHub => [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")],
        _ => [("Accept", "application/json")],
    };

    private static LiveConnectorFactory Factory(IServiceProvider sp, string kind, Func<LiveHttp, LiveSourceOptions, TimeProvider, SourceSystem, ISourceConnector> create,
        string? notFoundHint = null) =>
        new LiveConnectorFactory(kind, sp.GetRequiredService<LiveSourceCatalog>(), sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(), create, notFoundHint);

    private static LiveSourceOptions Options(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<LiveSourceOptions>>().Get(name);

    private static bool Validates(LiveSourceOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true);
}

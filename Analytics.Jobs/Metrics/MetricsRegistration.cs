using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Communities;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Analytics.Jobs.Metrics;

public static class MetricsRegistration
{
    /// <summary>Aggregation, scoring, badges, leaderboards and the metric queries.</summary>
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Aggregator>();
        builder.Services.AddScoped<BadgeAwarder>();
        builder.Services.AddScoped<MonthCloser>();
        builder.Services.AddScoped<ScoringRuleStore>();
        builder.Services.AddScoped<PointsExplainer>();
        builder.Services.AddScoped<LeaderboardQuery>();
        builder.Services.AddScoped<MetricsQuery>();
        builder.Services.AddScoped<BarriersQuery>();
        builder.Services.AddScoped<PracticesQuery>();
        builder.Services.AddScoped<Topics.TopicQueries>();
        builder.Services.AddScoped<Topics.TopicRuleStore>();
        builder.Services.AddScoped<EmptyResultReasons>();
        builder.Services.AddScoped<CommunityHealthQuery>();
        builder.Services.AddScoped<CommunitySuggestions>();
        builder.Services.AddScoped<CommunityStore>();
        builder.Services.AddScoped<AggregationJob>();
        builder.Services.AddScoped<MonthCloseJob>();
        return builder;
    }
}

using Analytics.Jobs.Leaderboards;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Analytics.Web.Topics;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Caching;

/// <summary>
/// Computes the figures of the default overview and leaderboard, and the expertise index, once the app has started, so the first person to open
/// the dashboard after a deployment does not wait for a year of figures (seconds on a large history).
/// </summary>
public sealed class DashboardWarmUp(IServiceScopeFactory scopes, IOptions<DashboardCacheOptions> options, TimeProvider clock, ILogger<DashboardWarmUp> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmUpOnStart || !DashboardFilters.TryPeriod(null, clock, out var period, out _))
            return;
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<OverviewQuery>().RunAsync(period, stoppingToken);
            // The overview's chart takeaways name departments from this view (ADR 2121).
            await scope.ServiceProvider.GetRequiredService<DepartmentsQuery>().DepartmentsAsync(period, stoppingToken);
            await scope.ServiceProvider.GetRequiredService<LeaderboardRunner>().RunAsync(new LeaderboardFilter(period), stoppingToken);
            // Every signed-in person's "Who knows" and topic pages read it; the slowest read model on a large history.
            await scope.ServiceProvider.GetRequiredService<ExpertiseReadModel>().CurrentAsync(stoppingToken);
            logger.LogInformation("Dashboard figures for {Period} computed", period.Label);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The first request computes them instead; nothing is lost.
            logger.LogWarning(ex, "Computing the dashboard figures at start failed");
        }
    }
}

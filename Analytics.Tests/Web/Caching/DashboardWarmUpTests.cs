using System.Diagnostics;
using Analytics.Tests.Support;
using Analytics.Web.Caching;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Web.Caching;

public sealed class DashboardWarmUpTests
{
    [Fact]
    public async Task After_a_start_the_default_overview_and_leaderboard_are_ready_before_anyone_asks()
    {
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("DashboardCache:WarmUpOnStart", "true"));
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cache = web.Services.GetRequiredService<ReadModelCache>();

        // The overview, its trend's months (one computation, ADR 2071), the departments its takeaways name, the people
        // directory the last two share (one load, ADR 2307), the leaderboard and the expertise index, computed by the app
        // itself (the demo's history is 3 months: no month a year before is covered, so none is computed).
        var expected = 1 + 1 + 1 + 1 + 1 + 1;
        var waited = Stopwatch.StartNew();
        while (cache.Computations < expected && waited.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(100);
        Assert.Equal(expected, cache.Computations);

        await SignIn.AsAsync(client, "hr");
        Assert.Contains("data-kpi=\"contributions\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("id=\"leaderboard\"", await client.GetStringAsync("/Leaderboard"), StringComparison.Ordinal);
        Assert.Contains("Who knows", await client.GetStringAsync("/Experts"), StringComparison.Ordinal);
        Assert.Equal(expected, cache.Computations);
    }
}

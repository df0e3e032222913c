using Analytics.Jobs.Charts;
using Analytics.Web.Dashboard;

namespace Analytics.Web.Overview;

public static class OverviewCharts
{
    public const string ContributionsByMonthPath = "/charts/contributions-by-month.png";

    public static IEndpointRouteBuilder MapOverviewCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ContributionsByMonthPath, (string? period, OverviewQuery query, TimeProvider clock, CancellationToken ct) =>
                RenderAsync("contributions", period, query, clock, ct))
            .RequireAuthorization(Access.Policies.ViewAggregates);
        endpoints.MapGet("/charts/overview/{trend}.png", (string trend, string? period, OverviewQuery query, TimeProvider clock, CancellationToken ct) =>
                RenderAsync(trend, period, query, clock, ct))
            .RequireAuthorization(Access.Policies.ViewAggregates)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The trend of the 12 months up to the period's last month, as on the overview page.</summary>
    private static async Task<IResult> RenderAsync(string code, string? period, OverviewQuery query, TimeProvider clock, CancellationToken ct)
    {
        if (OverviewTrend.Find(code) is not { } trend)
            return Results.NotFound();
        if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error))
            return Results.Problem(title: error, statusCode: StatusCodes.Status400BadRequest);
        var months = await query.TrendAsync(p, ct);
        var png = MonthlyBarChart.RenderPng(trend.Title, trend.Axis, [.. months.Select(m => (m.Month, trend.BarValue(m)))]);
        return Results.File(png, "image/png");
    }
}

using System.Security.Claims;
using Analytics.Jobs.Charts;
using Analytics.Web.Dashboard;

namespace Analytics.Web.Overview;

public static class OverviewCharts
{
    public const string ContributionsByMonthPath = "/charts/contributions-by-month.png";

    public static IEndpointRouteBuilder MapOverviewCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ContributionsByMonthPath, (string? period, string? people, ClaimsPrincipal user, OverviewQuery query, TimeProvider clock, CancellationToken ct) =>
                RenderAsync("contributions", period, people, user, query, clock, ct))
            .RequireAuthorization(Access.Policies.ViewAggregates);
        endpoints.MapGet("/charts/overview/{trend}.png", (string trend, string? period, string? people, ClaimsPrincipal user, OverviewQuery query, TimeProvider clock, CancellationToken ct) =>
                RenderAsync(trend, period, people, user, query, clock, ct))
            .RequireAuthorization(Access.Policies.ViewAggregates)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The trend of the 12 months up to the period's last month, as on the overview page: the period's months highlighted, the year before as a dashed line.</summary>
    private static async Task<IResult> RenderAsync(string code, string? period, string? people, ClaimsPrincipal user, OverviewQuery query, TimeProvider clock, CancellationToken ct)
    {
        if (OverviewTrend.Find(code) is not { } trend)
            return Results.NotFound();
        if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error)
            || !DashboardFilters.TryPopulation(people, user, out var population, out error))
            return Results.Problem(title: error, statusCode: StatusCodes.Status400BadRequest);
        var months = await query.TrendAsync(p, population, ct);
        var yearBefore = await query.YearBeforeAsync(p, population, ct);
        var png = MonthlyBarChart.RenderPng(trend.Chart(p, months, yearBefore, await query.DataBeginsAsync(ct)));
        return Results.File(png, "image/png");
    }
}

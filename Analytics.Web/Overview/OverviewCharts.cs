using Analytics.Jobs.Charts;

namespace Analytics.Web.Overview;

public static class OverviewCharts
{
    public const string ContributionsByMonthPath = "/charts/contributions-by-month.png";

    public static IEndpointRouteBuilder MapOverviewCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ContributionsByMonthPath, async (OverviewQuery query, CancellationToken ct) =>
        {
            var last = query.LastFullMonth;
            var trend = await query.ContributionsByMonthAsync(last.AddMonths(1 - OverviewQuery.TrendMonths), last, ct);
            var png = MonthlyBarChart.RenderPng("Contributions per month", "Contributions", trend);
            return Results.File(png, "image/png");
        }).RequireAuthorization(Access.Policies.ViewAggregates);
        return endpoints;
    }
}

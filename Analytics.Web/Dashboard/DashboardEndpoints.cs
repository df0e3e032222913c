using Analytics.Jobs.Leaderboards;
using Analytics.Web.Access;

namespace Analytics.Web.Dashboard;

public sealed record LeaderboardDto(string Period, string Metric, string Scope, IReadOnlyList<string> FrozenMonths, IReadOnlyList<LeaderboardRowDto> Rows);

/// <summary>A ranked person; RecognitionPoints are approved award points in the period, shown beside Value, never part of it.</summary>
public sealed record LeaderboardRowDto(int Rank, int PersonId, string Name, string? Department, double Value, int RecognitionPoints);

/// <summary>The dashboard's JSON routes and the heatmap picture: the same queries, filters and privacy rule as the pages.</summary>
public static class DashboardEndpoints
{
    public const string FlowChartPath = "/charts/flow.png";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Analytics");

        api.MapGet("/departments", async (string? period, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error)
                    ? Results.Ok(await query.DepartmentsAsync(p, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Metrics of every department subtree for a period (default: the last full month); groups under the minimum size, and groups that would reveal one by subtraction, have no figures.");

        api.MapGet("/flow", async (string? period, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error)
                    ? Results.Ok(await query.FlowAsync(p, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Knowledge flow: reuse events from author group to reuser group (a group is a department subtree); only groups whose department figures are shown appear.");

        api.MapGet("/barriers", async (string? period, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error)
                    ? Results.Ok(await query.BarriersAsync(p, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Barriers: silo departments, concentration, answer rate, stale content.");

        api.MapGet("/leaderboard", async (string? period, string? scope, string? metric, LeaderboardRunner runner, TimeProvider clock, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error) || !DashboardFilters.TryMetric(metric, out var m, out error))
                    return BadRequest(error);
                var (ranked, scopeError) = await runner.RunAsync(new LeaderboardFilter(p, m, string.IsNullOrWhiteSpace(scope) ? null : scope), ct);
                if (ranked is null)
                    return BadRequest(scopeError);
                var view = ranked.View;
                return Results.Ok(new LeaderboardDto(view.Filter.Period.Label, DashboardFilters.MetricCode(m), view.ScopeName,
                    view.FrozenMonths.Select(f => f.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                    view.Rows.Select(r => new LeaderboardRowDto(r.Rank, r.PersonId, r.Name, r.Department, r.Value, ranked.RecognitionOf(r))).ToList()));
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Ranking for a period, department subtree (scope = department code) and metric (points, contributions, reuse, cross-team), with each person's approved recognition points for the period (not part of the ranking); opted-out people, leavers, bots and unlinked accounts never appear.");

        endpoints.MapGet(FlowChartPath, async (string? period, string? diagonal, DepartmentsQuery query, Analytics.Domain.Persistence.AnalyticsDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error) || !FlowHeatmap.TryDiagonal(diagonal, out var show, out error))
                    return BadRequest(error);
                var flow = await query.FlowAsync(p, ct);
                var picture = FlowPicture.Of(flow, await DepartmentTree.LoadAsync(db, ct), show);
                return Results.File(FlowHeatmap.RenderPng(flow, picture), "image/png");
            })
            .RequireAuthorization(Policies.ViewAggregates)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static IResult BadRequest(string? error) =>
        Results.Problem(title: error ?? "Invalid filter.", statusCode: StatusCodes.Status400BadRequest);
}


using System.Security.Claims;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Web.Access;

namespace Analytics.Web.Dashboard;

public sealed record LeaderboardDto(string Period, string Metric, string Scope, IReadOnlyList<string> FrozenMonths, IReadOnlyList<LeaderboardRowDto> Rows)
{
    /// <summary>"employees", or "unlinked" for HR's ranking of the people not linked to an employee (ADR 2206).</summary>
    public string People { get; init; } = "employees";

    /// <summary>Why the ranking is empty, in words (ADR 2202); null when it is not.</summary>
    public string? EmptyReason { get; init; }
}

/// <summary>A ranked person; RecognitionPoints are approved award points in the period, shown beside Value, never part of it.</summary>
public sealed record LeaderboardRowDto(int Rank, int PersonId, string Name, string? Department, double Value, int RecognitionPoints);

/// <summary>The dashboard's JSON routes and the heatmap picture: the same queries, filters and privacy rule as the pages.</summary>
public static class DashboardEndpoints
{
    public const string FlowChartPath = "/charts/flow.png";

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Analytics");

        api.MapGet("/departments", async (string? period, string? people, ClaimsPrincipal user, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error) && DashboardFilters.TryPopulation(people, user, out var population, out error)
                    ? Results.Ok(await query.DepartmentsAsync(p, population, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Metrics of every department subtree for a period (default: the last full month); groups under the minimum size, and groups that would reveal one by subtraction, have no figures. people=unlinked (HR only): no departments, the totals of the people not linked to an employee under 'unlinked'.");

        api.MapGet("/flow", async (string? period, string? people, ClaimsPrincipal user, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error) && TryEmployeesOnly(people, user, out error)
                    ? Results.Ok(await query.FlowAsync(p, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Knowledge flow: reuse events from author group to reuser group (a group is a department subtree); only groups whose department figures are shown appear.");

        api.MapGet("/barriers", async (string? period, string? people, ClaimsPrincipal user, DepartmentsQuery query, TimeProvider clock, CancellationToken ct) =>
                DashboardFilters.TryPeriod(period, clock, out var p, out var error) && DashboardFilters.TryPopulation(people, user, out var population, out error)
                    ? Results.Ok(await query.BarriersAsync(p, population, ct))
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Barriers: silo departments, concentration, answer rate, stale content; people=unlinked (HR only): every figure over the people not linked to an employee, no silos.");

        api.MapGet("/leaderboard", async (string? period, string? scope, string? metric, string? people, ClaimsPrincipal user, LeaderboardRunner runner, TimeProvider clock, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error) || !DashboardFilters.TryMetric(metric, out var m, out error)
                    || !DashboardFilters.TryPopulation(people, user, out var population, out error))
                    return BadRequest(error);
                var (ranked, scopeError) = await runner.RunAsync(new LeaderboardFilter(p, m, string.IsNullOrWhiteSpace(scope) ? null : scope, Population: population), ct);
                if (ranked is null)
                    return BadRequest(scopeError);
                var view = ranked.View;
                return Results.Ok(new LeaderboardDto(view.Filter.Period.Label, DashboardFilters.MetricCode(m), view.ScopeName,
                    view.FrozenMonths.Select(f => f.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                    view.Rows.Select(r => new LeaderboardRowDto(r.Rank, r.PersonId, r.Name, r.Department, r.Value, ranked.RecognitionOf(r))).ToList())
                {
                    People = DashboardFilters.PeopleCode(population),
                    EmptyReason = view.EmptyReason,
                });
            })
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("Ranking for a period, department subtree (scope = department code) and metric (points, contributions, reuse, cross-team), with each person's approved recognition points for the period (not part of the ranking); opted-out people, leavers, bots and unlinked accounts never appear; people=unlinked (HR only, company scope) ranks the people not linked to an employee instead.");

        endpoints.MapGet(FlowChartPath, async (string? period, string? diagonal, string? people, ClaimsPrincipal user, DepartmentsQuery query,
                Analytics.Domain.Persistence.AnalyticsDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error) || !TryEmployeesOnly(people, user, out error)
                    || !FlowHeatmap.TryDiagonal(diagonal, out var show, out error))
                    return BadRequest(error);
                var flow = await query.FlowAsync(p, ct);
                var picture = FlowPicture.Of(flow, await DepartmentTree.LoadAsync(db, ct), show);
                return Results.File(FlowHeatmap.RenderPng(flow, picture), "image/png");
            })
            .RequireAuthorization(Policies.ViewAggregates)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The knowledge flow is between departments: the switch is parsed like everywhere, and "unlinked" is said to have none.</summary>
    public static bool TryEmployeesOnly(string? people, ClaimsPrincipal user, out string? error)
    {
        if (!DashboardFilters.TryPopulation(people, user, out var population, out error))
            return false;
        if (population == Population.Employees)
            return true;
        error = "Unlinked people have no department: the knowledge flow is between departments, over employees only.";
        return false;
    }

    private static IResult BadRequest(string? error) =>
        Results.Problem(title: error ?? "Invalid filter.", statusCode: StatusCodes.Status400BadRequest);
}


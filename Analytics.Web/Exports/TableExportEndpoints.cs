using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Communities;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Analytics.Web.People;

namespace Analytics.Web.Exports;

/// <summary>
/// /exports/{table}.xlsx for every dashboard table. Each route parses the page's URL filters with the page's
/// parser, runs the page's query under the page's policy and access rules, and hands the resulting view to
/// <see cref="DashboardTables"/>. Responses are never cached: they can hold individual figures.
/// </summary>
public static class TableExportEndpoints
{
    public static string Departments(ReportingPeriod period) => WithPeriod("/exports/departments.xlsx", period);
    public static string Flow(ReportingPeriod period) => WithPeriod("/exports/flow.xlsx", period);
    public static string Barriers(ReportingPeriod period) => WithPeriod("/exports/barriers.xlsx", period);
    public static string Communities(ReportingPeriod month) => WithPeriod("/exports/communities.xlsx", month);
    public static string ProfileTable(int personId, string table, ReportingPeriod period) =>
        WithPeriod(FormattableString.Invariant($"/exports/people/{personId}/{table}.xlsx"), period);

    public static string Leaderboard(ReportingPeriod period, string metric, string? scope, Population population = Population.Employees) =>
        WithPeriod("/exports/leaderboard.xlsx", period) + "&metric=" + Uri.EscapeDataString(metric)
        + (string.IsNullOrWhiteSpace(scope) ? "" : "&scope=" + Uri.EscapeDataString(scope)) + DashboardFilters.PeopleQuery(population);

    public static string People(string? search) =>
        "/exports/people.xlsx" + (string.IsNullOrWhiteSpace(search) ? "" : "?q=" + Uri.EscapeDataString(search));

    public const string Overview = "/exports/overview.xlsx";

    public static IEndpointRouteBuilder MapTableExports(this IEndpointRouteBuilder endpoints)
    {
        var exports = endpoints.MapGroup("/exports").ExcludeFromDescription();

        exports.MapGet("/overview.xlsx", (string? period, string? people, OverviewQuery query, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                PeriodExportAsync(period, people, clock, async (p, population) => DashboardTables.Overview(await query.RunAsync(p, population, ct)), audit, http, ct))
            .RequireAuthorization(Policies.ViewAggregates);

        exports.MapGet("/departments.xlsx", (string? period, string? people, DepartmentsQuery query, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                PeriodExportAsync(period, people, clock, async (p, population) => DashboardTables.Departments(await query.DepartmentsAsync(p, population, ct)), audit, http, ct))
            .RequireAuthorization(Policies.ViewAggregates);

        exports.MapGet("/flow.xlsx", async (string? period, string? people, DepartmentsQuery query, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                DashboardEndpoints.TryEmployeesOnly(people, http.User, out var error)
                    ? await PeriodExportAsync(period, null, clock, async (p, _) => DashboardTables.Flow(await query.FlowAsync(p, ct)), audit, http, ct)
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates);

        exports.MapGet("/barriers.xlsx", (string? period, string? people, DepartmentsQuery query, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                PeriodExportAsync(period, people, clock, async (p, population) => DashboardTables.Barriers(await query.BarriersAsync(p, population, ct)), audit, http, ct))
            .RequireAuthorization(Policies.ViewAggregates);

        exports.MapGet("/communities.xlsx", async (string? period, CommunitiesQuery query, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                CommunitiesQuery.TryMonth(period, clock, out var month, out var error)
                    ? await SendAsync(DashboardTables.Communities(await query.AllAsync(month, ct)), audit, http, null, ct)
                    : BadRequest(error))
            .RequireAuthorization(Policies.ViewAggregates);

        exports.MapGet("/leaderboard.xlsx", async (string? period, string? scope, string? metric, string? people, LeaderboardRunner runner, TimeProvider clock,
                ExportAudit audit, HttpContext http, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPeriod(period, clock, out var p, out var error) || !DashboardFilters.TryMetric(metric, out var m, out error)
                    || !DashboardFilters.TryPopulation(people, http.User, out var population, out error))
                    return BadRequest(error);
                var (ranked, scopeError) = await runner.RunAsync(new LeaderboardFilter(p, m, string.IsNullOrWhiteSpace(scope) ? null : scope.Trim(), Population: population), ct);
                return ranked is null
                    ? BadRequest(scopeError)
                    : await SendAsync(DashboardTables.Leaderboard(ranked, DashboardFilters.MetricCode(m)), audit, http, null, ct);
            })
            .RequireAuthorization(Policies.SignedIn);

        exports.MapGet("/people.xlsx", async (string? q, PeopleSearch search, TimeProvider clock, ExportAudit audit, HttpContext http, CancellationToken ct) =>
                await SendAsync(DashboardTables.People(q, await search.RunAsync(q, ct), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), audit, http, null, ct))
            .RequireAuthorization(Policies.SignedIn);

        exports.MapGet("/people/{id:int}/{table}.xlsx", async (int id, string table, string? period, PersonAccess access, ProfileQuery query,
                ExportAudit audit, HttpContext http, CancellationToken ct) =>
            {
                if (!DashboardTables.ProfileTables.ContainsKey(table))
                    return Results.NotFound();
                var person = await access.FindVisibleAsync(id, ct);
                if (person is null)
                    return Results.Forbid();
                if (!PeopleRegistration.TryPeriod(period, query, out var p))
                    return BadRequest("period must be like 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15");
                var view = await query.RunAsync(person, p, ct);
                return await SendAsync(DashboardTables.Profile(view, table), audit, http, FormattableString.Invariant($"Person:{person.PersonId}"), ct);
            })
            .RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }

    private static async Task<IResult> PeriodExportAsync(string? period, string? people, TimeProvider clock, Func<ReportingPeriod, Population, Task<TableExport>> build,
        ExportAudit audit, HttpContext http, CancellationToken ct) =>
        DashboardFilters.TryPeriod(period, clock, out var p, out var error) && DashboardFilters.TryPopulation(people, http.User, out var population, out error)
            ? await SendAsync(await build(p, population), audit, http, null, ct)
            : BadRequest(error);

    private static async Task<IResult> SendAsync(TableExport export, ExportAudit audit, HttpContext http, string? subject, CancellationToken ct)
    {
        var action = "export." + (subject is null ? export.Kind : "profile");
        await audit.RecordAsync(action, $"table={export.Kind} " + string.Join(' ', export.Filters.Select(f => f.Filter + "=" + Text(f.Value))), subject, ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return Results.File(export.ToWorkbook(), ExportEndpoints.XlsxContentType, export.FileName);
    }

    private static string Text(object? value) => value switch
    {
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string WithPeriod(string path, ReportingPeriod period) => path + "?period=" + Uri.EscapeDataString(period.Label);

    private static IResult BadRequest(string? error) =>
        Results.Problem(title: error ?? "Invalid filter.", statusCode: StatusCodes.Status400BadRequest);
}

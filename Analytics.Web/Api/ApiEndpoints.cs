using System.Globalization;
using System.Security.Claims;
using Analytics.Domain.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;

namespace Analytics.Web.Api;

/// <summary>The JSON API under /api: the same queries and authorization as the pages.</summary>
public static class ApiEndpoints
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1");
        return builder;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/openapi/{documentName}.json");
        var api = endpoints.MapGroup("/api").WithTags("Analytics");

        api.MapGet("/summary", async (string? month, string? people, OverviewQuery query, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (!DashboardFilters.TryPopulation(people, user, out var population, out var peopleError))
                    return Results.Problem(title: peopleError, statusCode: StatusCodes.Status400BadRequest);
                DateOnly period;
                if (string.IsNullOrEmpty(month))
                    period = query.LastFullMonth;
                else if (ReportingPeriod.TryParse(month, out var parsed) && parsed.Label.Length == 7)
                    period = parsed.From;
                else
                    return Results.Problem(title: "month must be YYYY-MM", detail: $"'{month}' is not a month: {ReportingPeriod.Rules}.", statusCode: StatusCodes.Status400BadRequest);
                var figures = await query.FiguresForAsync(period, population, ct);
                return Results.Ok(new SummaryDto(period.ToString("yyyy-MM", CultureInfo.InvariantCulture), figures.Contributions,
                    figures.ActiveContributors, figures.Headcount, figures.ActiveContributorRate, figures.ReuseReceived, figures.CrossTeamReuseReceived)
                {
                    People = DashboardFilters.PeopleCode(population),
                });
            })
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Key figures of one month (default: the last full month); people=unlinked (HR only) gives those of the people not linked to an employee, whose headcount is those with activity.");
        return endpoints;
    }
}

public sealed record SummaryDto(string Month, int Contributions, int ActiveContributors, int Headcount, double? ActiveContributorRate, double ReuseEvents, double CrossTeamReuse)
{
    /// <summary>"employees", or "unlinked" for HR's view of the people not linked to an employee (ADR 2206).</summary>
    public string People { get; init; } = "employees";
}

using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Web.Access;
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

        api.MapGet("/summary", async (string? month, OverviewQuery query, CancellationToken ct) =>
            {
                DateOnly period;
                if (string.IsNullOrEmpty(month))
                    period = query.LastFullMonth;
                else if (ReportingPeriod.TryParse(month, out var parsed) && parsed.Label.Length == 7)
                    period = parsed.From;
                else
                    return Results.Problem(title: "month must be YYYY-MM", detail: $"'{month}' is not a month: {ReportingPeriod.Rules}.", statusCode: StatusCodes.Status400BadRequest);
                var figures = await query.FiguresForAsync(period, ct);
                return Results.Ok(new SummaryDto(period.ToString("yyyy-MM", CultureInfo.InvariantCulture), figures.Contributions,
                    figures.ActiveContributors, figures.Headcount, figures.ActiveContributorRate, figures.ReuseReceived, figures.CrossTeamReuseReceived));
            })
            .RequireAuthorization(Policies.ViewAggregates)
            .WithSummary("Key figures of one month (default: the last full month).");
        return endpoints;
    }
}

public sealed record SummaryDto(string Month, int Contributions, int ActiveContributors, int Headcount, double? ActiveContributorRate, double ReuseEvents, double CrossTeamReuse);

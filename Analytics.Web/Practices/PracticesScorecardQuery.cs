using Analytics.Domain.Metrics;
using Analytics.Jobs.Charts;
using Analytics.Jobs.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Caching;
using Analytics.Web.Dashboard;
using Analytics.Web.Overview;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Practices;

/// <summary>
/// The practices scorecard for the pages: <see cref="PracticesQuery"/> under the pages' minimum group size, kept per data
/// version in the <see cref="ReadModelCache"/> (its page asks for it once and each of its six pictures once more).
/// </summary>
public sealed class PracticesScorecardQuery(IOptions<PrivacyOptions> options, ReadModelCache cache)
{
    public Task<PracticesScorecard> RunAsync(ReportingPeriod month, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey("practices", month),
            (services, t) => services.GetRequiredService<PracticesQuery>().RunAsync(month, options.Value.MinimumGroupSize, t), ct);

    /// <summary>The scorecard compares months: a period that is not one calendar month is refused with a message.</summary>
    public static bool TryMonth(string? text, TimeProvider clock, out ReportingPeriod month, out string? error)
    {
        if (!DashboardFilters.TryPeriod(text, clock, out month, out error))
            return false;
        if (PracticesScorecard.IsMonth(month))
            return true;
        error = $"'{text}' is not one month: the scorecard compares a month with the month before and the same month a year before; give a month such as 2026-10.";
        return false;
    }
}

public static class PracticesRegistration
{
    public const string TrendChartPath = "/charts/practices/{practice}.png";
    public const string DepartmentsChartPath = "/charts/practices-departments.png";

    public static string TrendChart(Practice practice, ReportingPeriod month)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(month);
        return $"/charts/practices/{practice.Code}.png?period={Uri.EscapeDataString(month.Label)}";
    }

    public static WebApplicationBuilder AddPractices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PracticesScorecardQuery>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPracticeCharts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TrendChartPath, async (string practice, string? period, PracticesScorecardQuery query, TimeProvider clock, CancellationToken ct) =>
            {
                if (PracticeCatalog.Find(practice) is not { } found)
                    return Results.NotFound();
                if (!PracticesScorecardQuery.TryMonth(period, clock, out var month, out var error))
                    return Results.Problem(title: error, statusCode: StatusCodes.Status400BadRequest);
                return Results.File(PracticeCharts.TrendPng(found, await query.RunAsync(month, ct)), "image/png");
            })
            .RequireAuthorization(Policies.ViewAggregates)
            .ExcludeFromDescription();
        endpoints.MapGet(DepartmentsChartPath, async (string? period, PracticesScorecardQuery query, TimeProvider clock, CancellationToken ct) =>
                !PracticesScorecardQuery.TryMonth(period, clock, out var month, out var error)
                    ? Results.Problem(title: error, statusCode: StatusCodes.Status400BadRequest)
                    : Results.File(PracticeCharts.DepartmentComparisonPng(await query.RunAsync(month, ct)), "image/png"))
            .RequireAuthorization(Policies.ViewAggregates)
            .ExcludeFromDescription();
        return endpoints;
    }
}

/// <summary>The sentence above a practice's trend chart: its headline indicator against the month before, and the departments shown.</summary>
public static class PracticeTakeaway
{
    public static string Of(Practice practice, PracticesScorecard card)
    {
        ArgumentNullException.ThrowIfNull(practice);
        ArgumentNullException.ThrowIfNull(card);
        var headline = practice.Headline;
        string MonthName(ReportingPeriod p) => p.From.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return ChartTakeaway.Of(new TakeawayFigures(headline.Name, Scale(headline), MonthName(card.Month),
            card.Current.GetValueOrDefault(headline.Code), card.Previous?.GetValueOrDefault(headline.Code), MonthName(card.PreviousMonth))
        {
            // A suppressed department has no values (Shown false): never named.
            Groups = [.. card.Departments.Select(d => new TakeawayGroup(d.Name, d.Shown ? d.Values.GetValueOrDefault(headline.Code) : null, d.Shown))],
        });
    }

    private static TakeawayScale Scale(PracticeIndicator indicator) => indicator.Kind switch
    {
        IndicatorKind.Share => TakeawayScale.Share,
        IndicatorKind.Count => TakeawayScale.Count,
        _ => TakeawayScale.Ratio,
    };
}

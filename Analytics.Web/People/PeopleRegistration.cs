using Analytics.Domain.Metrics;
using Analytics.Jobs.Charts;
using Analytics.Web.Access;

namespace Analytics.Web.People;

public sealed record PersonHitDto(int Id, string Name, bool LinkedEmployee);

public sealed record PersonProfileDto(
    int Id, string Name, string Period, string From, string To, int Contributions, double ReuseReceived, double CrossTeamReuseReceived,
    double? ReuseRatio, double Points, int Completions, double MentoringHours, IReadOnlyDictionary<string, int> ContributionsByType,
    IReadOnlyList<string> Badges, IReadOnlyList<RecognitionDto> Recognition);

/// <summary>An approved award as the profile shows it; pending and rejected awards never appear.</summary>
public sealed record RecognitionDto(long Id, DateTimeOffset GivenAt, string Category, int Points, string Message, string GivenBy);

/// <summary>People and HR's scoring rules page: search, profiles, their chart and the /api/people routes; every profile read goes through <see cref="PersonAccess"/>.</summary>
public static class PeopleRegistration
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<PersonAccess>();
        services.AddScoped<IdentityLookup>();
        services.AddScoped<PeopleSearch>();
        services.AddScoped<ProfileQuery>();
        services.AddScoped<ProfilePlaces>();
        services.AddScoped<Scoring.ScoringRulesQuery>();
        return services;
    }

    public static string ChartPath(int personId, ReportingPeriod period) =>
        FormattableString.Invariant($"/charts/people/{personId}/contributions.png?period={Uri.EscapeDataString(period.Label)}");

    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/charts/people/{id:int}/contributions.png", async (int id, string? period, PersonAccess access, ProfileQuery query, CancellationToken ct) =>
        {
            var person = await access.FindVisibleAsync(id, ct);
            if (person is null)
                return Results.Forbid();
            if (!TryPeriod(period, query, out var p))
                return Results.BadRequest();
            // The chart is one person's monthly figures: audited like the profile it is drawn on (issue 16, break 5).
            await access.AuditViewAsync(person, "chart", ct);
            // The profile's own view (cached): the same months, year before and highlight as its table.
            var view = await query.RunAsync(person, p, ct);
            return Results.File(MonthlyBarChart.RenderPng(view.Chart()), "image/png");
        }).RequireAuthorization(Policies.SignedIn);

        var api = endpoints.MapGroup("/api/people").WithTags("People").RequireAuthorization(Policies.SignedIn);
        api.MapGet("/", async (string? q, PeopleSearch search, CancellationToken ct) =>
                Results.Ok((await search.RunAsync(q, ct)).Select(h => new PersonHitDto(h.PersonId, h.Name, h.IsLinkedEmployee)).ToList()))
            .WithSummary("People whose name contains q, among those the caller may see (at most 50).");

        api.MapGet("/{id:int}", async (int id, string? period, PersonAccess access, ProfileQuery query, CancellationToken ct) =>
            {
                var person = await access.FindVisibleAsync(id, ct);
                if (person is null)
                    return Results.Forbid();
                if (!TryPeriod(period, query, out var p))
                    return Results.Problem(title: "period must be like 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15", statusCode: StatusCodes.Status400BadRequest);
                await access.AuditViewAsync(person, "api", ct);
                var view = await query.RunAsync(person, p, ct);
                var f = view.Figures;
                return Results.Ok(new PersonProfileDto(person.PersonId, person.Name, p.Label,
                    p.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    p.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    f.Contributions, f.ReuseReceived, f.CrossTeamReuseReceived, f.ReuseRatio, f.Points, f.Completions, f.MentoringHours,
                    view.ContributionsByType.ToDictionary(t => Analytics.Domain.Knowledge.ActivityTypes.Code(t.Type), t => t.Count),
                    view.Badges.Select(b => b.Code).ToList(),
                    view.Recognition.Select(a => new RecognitionDto(a.Id, a.CreatedAt, a.Category.ToString(), a.Points, a.Message, a.Giver)).ToList()));
            })
            .WithSummary("One person's figures for a period (default: the last full month): the person, their managers and HR only.");
        return endpoints;
    }

    public static bool TryPeriod(string? text, ProfileQuery query, out ReportingPeriod period)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            period = query.DefaultPeriod;
            return true;
        }

        return ReportingPeriod.TryParse(text, out period);
    }
}

using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Scoring;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Scoring;

public sealed record ScoringRuleDto(int Id, string Type, double PointsPerEvent, double? CrossTeamPointsPerEvent, int? DailyCapPerPerson, int? PairCapPerMonth,
    string EffectiveFrom, string? EffectiveTo, string? CreatedBy);

/// <summary>A new rule for a type; <c>Type</c> is the activity type's code (e.g. "authored"), the date yyyy-MM-dd.</summary>
public sealed record ScoringRuleRequest(string? Type, double? PointsPerEvent, double? CrossTeamPointsPerEvent, int? DailyCapPerPerson, int? PairCapPerMonth, DateOnly? EffectiveFrom);

/// <summary>HR's scoring rules over the API: the history, a change from a date, and withdrawing a rule that has not started (ADR 1643).</summary>
public static class ScoringEndpoints
{
    public static IEndpointRouteBuilder MapScoring(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/scoring/rules").WithTags("Scoring").RequireAuthorization(Policies.ManagePeopleData);
        api.MapGet("/", async (AnalyticsDbContext db, CancellationToken ct) =>
                Results.Ok((await db.ScoringRules.AsNoTracking().ToListAsync(ct)).OrderBy(r => r.Type).ThenBy(r => r.EffectiveFrom).Select(ToDto).ToList()))
            .WithSummary("Every scoring rule, past, in force and future.");
        api.MapPost("/", ChangeAsync)
            .WithSummary("Adds a rule for a type from an effective date (at most two years ahead). Needs the anti-forgery token header.");
        api.MapPost("/{id:int}/withdraw", WithdrawAsync)
            .WithSummary("Withdraws a rule that has not started yet; the rule before it runs on. Needs the anti-forgery token header.");
        return endpoints;
    }

    private static async Task<IResult> ChangeAsync(ScoringRuleRequest request, ScoringRuleStore store, IAntiforgery antiforgery, HttpContext http, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Problem("Missing or invalid anti-forgery token (RequestVerificationToken header).");
        var type = Enum.GetValues<ActivityType>().Where(t => string.Equals(t.Code(), request.Type, StringComparison.Ordinal)).Select(t => (ActivityType?)t).FirstOrDefault();
        if (type is null)
            return Problem($"type must be one of {string.Join(", ", Enum.GetValues<ActivityType>().Select(t => t.Code()))}.");
        if (request.PointsPerEvent is not { } points || points is < 0 or > 1000 || request.CrossTeamPointsPerEvent is < 0 or > 1000)
            return Problem("pointsPerEvent (required) and crossTeamPointsPerEvent must be between 0 and 1000.");
        if (request.DailyCapPerPerson is < 1 or > 100_000 || request.PairCapPerMonth is < 1 or > 100_000)
            return Problem("dailyCapPerPerson and pairCapPerMonth must be between 1 and 100000.");
        if (request.EffectiveFrom is not { } from)
            return Problem("effectiveFrom (yyyy-MM-dd) is required.");
        try
        {
            var rule = await store.ChangeAsync(new ScoringRuleChange(type.Value, points, request.CrossTeamPointsPerEvent, request.DailyCapPerPerson, request.PairCapPerMonth, from),
                http.User.Identity!.Name!, ct);
            return Results.Created(string.Create(CultureInfo.InvariantCulture, $"/api/scoring/rules/{rule.Id}"), ToDto(rule));
        }
        catch (ScoringRuleRefusedException e)
        {
            return Problem(e.Message);
        }
    }

    private static async Task<IResult> WithdrawAsync(int id, ScoringRuleStore store, IAntiforgery antiforgery, HttpContext http, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Problem("Missing or invalid anti-forgery token (RequestVerificationToken header).");
        try
        {
            return await store.WithdrawAsync(id, http.User.Identity!.Name!, ct)
                ? Results.NoContent()
                : Results.Problem(title: $"There is no rule {id}.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (ScoringRuleRefusedException e)
        {
            return Results.Problem(title: e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static IResult Problem(string title) => Results.Problem(title: title, statusCode: StatusCodes.Status400BadRequest);

    private static ScoringRuleDto ToDto(Domain.Scoring.ScoringRule r) => new(r.Id, r.Type.Code(), r.PointsPerEvent, r.CrossTeamPointsPerEvent, r.DailyCapPerPerson, r.PairCapPerMonth,
        r.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.CreatedBy);
}

using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Web.Access;
using Analytics.Web.Exports;
using Microsoft.AspNetCore.Antiforgery;

namespace Analytics.Web.Recognition;

public sealed record AwardResponse(long AwardId, string Status);

/// <summary>
/// POST /api/recognition/awards and the recognition exports. The API is called from the browser with
/// the signed-in cookie, so it is a CSRF target like any form: it requires the anti-forgery token in
/// the RequestVerificationToken header (the award page carries one), not merely a same-origin guess.
/// </summary>
public static class RecognitionEndpoints
{
    public static IEndpointRouteBuilder MapRecognition(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/recognition/awards", AwardAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.Manager, Roles.Leadership))
            .WithTags("Recognition")
            .WithSummary("Gives an award from the signed-in manager's (or leader's) budget for this quarter. Needs the anti-forgery token header.");
        endpoints.MapGet("/exports/recognition/awards.xlsx", AwardsAsync).RequireAuthorization(Policies.ManagePeopleData);
        endpoints.MapGet("/exports/recognition/audit.xlsx", AuditAsync).RequireAuthorization(Policies.ManagePeopleData);
        return endpoints;
    }

    private static async Task<IResult> AwardAsync(AwardRequest request, AwardDesk desk, IAntiforgery antiforgery, HttpContext http, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.Problem(title: "Missing or invalid anti-forgery token (RequestVerificationToken header).", statusCode: StatusCodes.Status400BadRequest);
        var result = await desk.AwardAsync(request, ct);
        return result.Outcome switch
        {
            AwardOutcome.Awarded or AwardOutcome.PendingApproval =>
                Results.Created(string.Create(CultureInfo.InvariantCulture, $"/api/recognition/awards/{result.AwardId}"),
                    new AwardResponse(result.AwardId!.Value, result.Outcome.ToString())),
            AwardOutcome.NotAManager or AwardOutcome.NotInLine => Results.Problem(title: result.Error, statusCode: StatusCodes.Status403Forbidden),
            AwardOutcome.BudgetExceeded => Results.Problem(title: result.Error, statusCode: StatusCodes.Status409Conflict),
            _ => Results.Problem(title: result.Error, statusCode: StatusCodes.Status400BadRequest),
        };
    }

    private static async Task<IResult> AwardsAsync(string? period, RecognitionExports exports, ExportAudit audit, TimeProvider clock, CancellationToken ct)
    {
        // No period means the current year; a period that does not parse is refused, never replaced by a default.
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        ReportingPeriod range;
        if (string.IsNullOrWhiteSpace(period))
            range = ReportingPeriod.Year(today.Year);
        else if (!ReportingPeriod.TryParse(period, out range))
            return Results.Problem(title: $"'{period}' is not a period: {ReportingPeriod.Rules}.", statusCode: StatusCodes.Status400BadRequest);
        await audit.RecordAsync("export.awards", $"period={range.Label}", null, ct);
        return Results.File(await exports.AwardsWorkbookAsync(range, ct), ExportEndpoints.XlsxContentType, RecognitionExports.FileName("awards", range.Label));
    }

    private static async Task<IResult> AuditAsync(string? action, string? actor, DateOnly? from, DateOnly? to, RecognitionExports exports,
        ExportAudit audit, TimeProvider clock, CancellationToken ct)
    {
        var filter = new AuditFilter(action, actor, from, to);
        if (filter.Error is { } error)
            return Results.Problem(title: "Invalid audit filter", detail: error, statusCode: StatusCodes.Status400BadRequest);
        await audit.RecordAsync("export.audit", FormattableString.Invariant($"action={action} actor={actor} from={from:yyyy-MM-dd} to={to:yyyy-MM-dd}"), null, ct);
        var label = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Results.File(await exports.AuditWorkbookAsync(filter, ct), ExportEndpoints.XlsxContentType, RecognitionExports.FileName("audit", label));
    }
}

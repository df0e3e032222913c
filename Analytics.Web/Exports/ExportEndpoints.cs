using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Reports;
using Analytics.Web.Access;

namespace Analytics.Web.Exports;

public static class ExportEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/activities.xlsx", RawActivitiesAsync).RequireAuthorization(Policies.ManagePeopleData);
        return endpoints;
    }

    /// <summary>
    /// Raw activities of a date range. The workbook is written to a temporary file first (the zip writer
    /// is synchronous, the response body is not), then streamed: memory stays flat for millions of rows.
    /// </summary>
    private static async Task<IResult> RawActivitiesAsync(string? from, string? to, bool? pseudonymise, RawActivityExport export,
        AnalyticsDbContext db, CurrentViewer viewer, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!TryDay(from, out var first) || !TryDay(to, out var last) || last < first)
            return Results.Problem(title: "from and to are required dates (YYYY-MM-DD), from <= to", statusCode: StatusCodes.Status400BadRequest);

        var filter = new RawActivityFilter(first, last, pseudonymise ?? false);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = viewer.Name,
            Action = "export.activities",
            Details = string.Create(CultureInfo.InvariantCulture, $"from={first:yyyy-MM-dd} to={last:yyyy-MM-dd} pseudonymised={filter.Pseudonymise}"),
        });
        await db.SaveChangesAsync(ct);

        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await export.WriteAsync(file, filter, ct);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        http.Response.RegisterForDisposeAsync(file);
        var name = string.Create(CultureInfo.InvariantCulture, $"activities-{first:yyyy-MM-dd}-to-{last:yyyy-MM-dd}.xlsx");
        return Results.File(file, XlsxContentType, name);
    }

    private static bool TryDay(string? text, out DateOnly day) => ReportingPeriod.TryParseDay(text, out day);
}

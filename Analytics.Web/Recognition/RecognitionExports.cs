using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Reports.Excel;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Recognition;

public sealed record AuditFilter(string? Action, string? Actor, DateOnly? From, DateOnly? To)
{
    public static AuditFilter None { get; } = new(null, null, null, null);

    /// <summary>Why the dates cannot be used (outside the one supported range, or reversed); null when they can.</summary>
    public string? Error =>
        From is { } from && !ReportingPeriod.IsSupported(from) || To is { } to && !ReportingPeriod.IsSupported(to)
            ? $"Dates must lie between {ReportingPeriod.Earliest:yyyy-MM-dd} and {ReportingPeriod.Latest:yyyy-MM-dd}."
            : From > To ? "From must not be after To." : null;
}

/// <summary>The awards list and the audit log, on the page and as workbooks (typed cells, formula-like text stays text).</summary>
public sealed class RecognitionExports(AnalyticsDbContext db, RecognitionQuery query)
{
    public const int PageRows = 500;

    private static readonly SheetColumn[] AwardColumns =
    [
        new("Award", 8, SheetWriter.IntegerFormat),
        new("Given at (UTC)", 18, SheetWriter.DateTimeFormat),
        new("Giver", 24),
        new("Recipient", 24),
        new("Category", 18),
        new("Points", 8, SheetWriter.IntegerFormat),
        new("Status", 16),
        new("Message", 60),
        new("Decided by", 16),
        new("Decided at (UTC)", 18, SheetWriter.DateTimeFormat),
        new("Reason", 40),
        new("Evidence", 60),
    ];

    private static readonly SheetColumn[] AuditColumns =
    [
        new("At (UTC)", 18, SheetWriter.DateTimeFormat),
        new("Actor", 16),
        new("Action", 20),
        new("Subject", 18),
        new("Details", 80),
    ];

    public async Task<byte[]> AwardsWorkbookAsync(ReportingPeriod period, CancellationToken ct)
    {
        var awards = await query.AllAsync(period, ct);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Awards");
        SheetWriter.WriteTable(sheet, AwardColumns, awards.Select(a => (IReadOnlyList<object?>)
        [
            a.Id, a.CreatedAt.UtcDateTime, a.Giver, a.Recipient, a.Category.ToString(), a.Points, a.Status.ToString(),
            a.Message, a.DecidedBy, a.DecidedAt?.UtcDateTime, a.DecisionReason,
            string.Join("; ", a.Evidence.Select(e => e.Describe())),
        ]));
        return Save(workbook);
    }

    public async Task<List<AuditEntry>> AuditAsync(AuditFilter filter, int? take, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
            entries = entries.Where(e => e.Action.StartsWith(filter.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.Actor))
            entries = entries.Where(e => e.Actor == filter.Actor.Trim());
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.At < end);
        }

        var ordered = entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
        return take is { } n ? await ordered.Take(n).ToListAsync(ct) : await ordered.ToListAsync(ct);
    }

    public async Task<byte[]> AuditWorkbookAsync(AuditFilter filter, CancellationToken ct)
    {
        var entries = await AuditAsync(filter, take: null, ct);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Audit log");
        SheetWriter.WriteTable(sheet, AuditColumns, entries.Select(e => (IReadOnlyList<object?>)
            [e.At.UtcDateTime, e.Actor, e.Action, e.Subject, e.Details]));
        return Save(workbook);
    }

    public static string FileName(string kind, string label) => string.Create(CultureInfo.InvariantCulture, $"{kind}-{label}.xlsx");

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}

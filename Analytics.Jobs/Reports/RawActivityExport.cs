using System.Runtime.CompilerServices;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Reports.Excel;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Reports;

/// <summary>Which raw activities to export.</summary>
public sealed record RawActivityFilter(DateOnly From, DateOnly To, bool Pseudonymise);

/// <summary>
/// Every activity of a date range as an .xlsx, streamed from the database into the writer row by row:
/// memory stays flat for millions of rows. HR only (the caller checks); people can be pseudonymised.
/// </summary>
public sealed class RawActivityExport(AnalyticsDbContext db)
{
    public static readonly IReadOnlyList<SheetColumn> Columns =
    [
        new("Occurred at (UTC)", 18, SheetWriter.DateTimeFormat),
        new("Source", 14),
        new("Source event id", 28),
        new("Type", 11),
        new("Category", 13),
        new("Actor person id", 10, SheetWriter.IntegerFormat),
        new("Actor", 26),
        new("Item", 44),
        new("Item kind", 12),
        new("Item author person id", 10, SheetWriter.IntegerFormat),
        new("Item author", 26),
        new("Quantity", 9, SheetWriter.DecimalFormat),
    ];

    /// <summary>
    /// The columns of a pseudonymised export: the person id columns carry the pseudonym (text), never a raw id,
    /// because the raw id is the one of /People/{id} and the People export.
    /// </summary>
    public static readonly IReadOnlyList<SheetColumn> PseudonymisedColumns =
    [
        .. Columns.Take(5),
        new("Actor pseudonym", 18),
        Columns[6],
        Columns[7],
        Columns[8],
        new("Item author pseudonym", 18),
        Columns[10],
        Columns[11],
    ];

    public static IReadOnlyList<SheetColumn> ColumnsFor(RawActivityFilter filter) => filter.Pseudonymise ? PseudonymisedColumns : Columns;

    public Task<long> WriteAsync(Stream output, RawActivityFilter filter, CancellationToken ct) =>
        StreamingXlsxWriter.WriteAsync(output, "Activities", ColumnsFor(filter), RowsAsync(filter, ct), ct);

    public async IAsyncEnumerable<IReadOnlyList<object?>> RowsAsync(RawActivityFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        // A fresh random key per export: pseudonyms are stable within this workbook and unlinkable to ids,
        // names or the pseudonyms of any other export.
        var pseudonyms = filter.Pseudonymise ? new ExportPseudonyms() : null;
        var from = filter.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = filter.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var rows = db.Activities.AsNoTracking()
            .Where(a => a.OccurredAt >= from && a.OccurredAt < to)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Select(a => new
            {
                a.OccurredAt,
                Source = a.SourceSystem!.Name,
                a.SourceEventId,
                a.Type,
                ActorPersonId = (int?)a.ActorAccount!.PersonId,
                ActorName = a.ActorAccount.Person!.DisplayName,
                ItemTitle = a.Item!.Title,
                ItemKind = a.Item.Kind,
                AuthorPersonId = (int?)a.Item.AuthorAccount!.PersonId,
                AuthorName = a.Item.AuthorAccount.Person!.DisplayName,
                a.Quantity,
            })
            .AsAsyncEnumerable();

        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return
            [
                DateTime.SpecifyKind(row.OccurredAt, DateTimeKind.Utc),
                row.Source,
                row.SourceEventId,
                row.Type.Code(),
                ActivityTypes.CategoryOf(row.Type).ToString(),
                pseudonyms is null ? row.ActorPersonId : pseudonyms.Of(row.ActorPersonId),
                pseudonyms is null ? row.ActorName : pseudonyms.Of(row.ActorPersonId),
                row.ItemTitle,
                row.ItemKind,
                pseudonyms is null ? row.AuthorPersonId : pseudonyms.Of(row.AuthorPersonId),
                pseudonyms is null ? row.AuthorName : pseudonyms.Of(row.AuthorPersonId),
                row.Quantity,
            ];
        }
    }
}

using Analytics.Jobs.Reports.Excel;
using ClosedXML.Excel;

namespace Analytics.Web.Exports;

/// <summary>A column of an exported table: header, width, number format and how to read the value from a row.</summary>
public sealed record ExportColumn<TRow>(string Header, double Width, Func<TRow, object?> Value, string? NumberFormat = null)
{
    public SheetColumn Sheet => new(Header, Width, NumberFormat);
}

/// <summary>One sheet: the columns and the typed cell values of every row.</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static ExportSheet Of<TRow>(string name, IReadOnlyList<ExportColumn<TRow>> columns, IEnumerable<TRow> rows) =>
        new(name, columns.Select(c => c.Sheet).ToList(),
            rows.Select(row => (IReadOnlyList<object?>)columns.Select(c => c.Value(row)).ToList()).ToList());
}

/// <summary>
/// A dashboard table as a workbook: the rows the page shows (already filtered and access-checked by the page's
/// own query), one sheet per table, and a last sheet naming the filters in force, so a file read later says
/// what it contains. Written with <see cref="SheetWriter"/>: typed cells, frozen header, filter, fixed widths,
/// formula-like text kept as text.
/// </summary>
public sealed record TableExport(string Kind, string Label, IReadOnlyList<ExportSheet> Sheets, IReadOnlyList<(string Filter, object? Value)> Filters)
{
    public const string FiltersSheet = "Filters";

    private static readonly SheetColumn[] FilterColumns = [new("Filter", 24), new("Value", 40)];

    /// <summary>kind-label.xlsx; anything but ASCII letters, digits, '-', '.' and '_' becomes '_' (scope codes and search text are user input).</summary>
    public string FileName =>
        string.Concat($"{Kind}-{Label}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_')) + ".xlsx";

    public byte[] ToWorkbook()
    {
        using var workbook = new XLWorkbook();
        foreach (var sheet in Sheets)
            SheetWriter.WriteTable(workbook.AddWorksheet(sheet.Name), sheet.Columns, sheet.Rows);
        SheetWriter.WriteTable(workbook.AddWorksheet(FiltersSheet), FilterColumns,
            Filters.Select(f => (IReadOnlyList<object?>)[f.Filter, f.Value]));
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}

using ClosedXML.Excel;

namespace Analytics.Jobs.Reports.Excel;

/// <summary>A column of a formatted table: its header, width in characters and number format.</summary>
public sealed record SheetColumn(string Header, double Width, string? NumberFormat = null);

/// <summary>
/// Writes tables into ClosedXML sheets the same way everywhere: typed cells (numbers are numbers, dates
/// are dates), formula-like text kept as text, header frozen, filter on, widths set explicitly
/// (AdjustToContents needs libgdiplus, which a fresh machine does not have).
/// </summary>
public static class SheetWriter
{
    public const string DateFormat = "yyyy-mm-dd";
    public const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    public const string IntegerFormat = "#,##0";
    public const string DecimalFormat = "#,##0.0";
    public const string PercentFormat = "0.0%";

    /// <summary>Writes a header row at <paramref name="firstRow"/> and the rows below; returns the next free row.</summary>
    public static int WriteTable(IXLWorksheet sheet, IReadOnlyList<SheetColumn> columns, IEnumerable<IReadOnlyList<object?>> rows, int firstRow = 1, bool freezeAndFilter = true)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var header = sheet.Cell(firstRow, c + 1);
            SetCell(header, columns[c].Header);
            header.Style.Font.Bold = true;
            header.Style.Fill.BackgroundColor = XLColor.FromHtml("#DCE6F1");
            sheet.Column(c + 1).Width = columns[c].Width;
        }

        var row = firstRow + 1;
        foreach (var values in rows)
        {
            for (var c = 0; c < columns.Count && c < values.Count; c++)
            {
                var cell = sheet.Cell(row, c + 1);
                SetCell(cell, values[c]);
                if (columns[c].NumberFormat is { } format)
                    cell.Style.NumberFormat.Format = CountFormat(format, values[c]);
            }

            row++;
        }

        if (freezeAndFilter)
        {
            if (firstRow == 1)
                sheet.SheetView.FreezeRows(1);
            sheet.Range(firstRow, 1, Math.Max(firstRow, row - 1), columns.Count).SetAutoFilter();
        }

        return row;
    }

    /// <summary>
    /// A whole number in a one-decimal column shows without the decimal: reuse events and hours are sums of
    /// quantities and are usually whole, and "2,822.0" reads as a measurement, not a count.
    /// </summary>
    public static string CountFormat(string format, object? value) =>
        format == DecimalFormat && value is double d && double.IsFinite(d) && Math.Abs(d - Math.Round(d)) < 1e-9 ? IntegerFormat : format;

    /// <summary>
    /// Print settings every sheet of a report shares: landscape, fitted to one page wide (as many pages tall as
    /// needed), the header row repeated on every page.
    /// </summary>
    public static void SetPrintLayout(IXLWorksheet sheet, int headerRow)
    {
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.PaperSize = XLPaperSize.A4Paper;
        sheet.PageSetup.FitToPages(1, 0);
        if (headerRow > 0)
            sheet.PageSetup.SetRowsToRepeatAtTop(headerRow, headerRow);
    }

    /// <summary>Typed cell value. Never the Value setter, which turns "00123" into a number and "1/2" into a date.</summary>
    public static void SetCell(IXLCell cell, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                cell.SetValue(SpreadsheetText.XmlSafe(text));
                if (SpreadsheetText.LooksLikeFormula(text))
                    cell.Style.IncludeQuotePrefix = true;
                break;
            case int or long or short or byte:
                cell.SetValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                if (cell.Style.NumberFormat.Format.Length == 0) cell.Style.NumberFormat.Format = IntegerFormat;
                break;
            case double d:
                if (double.IsFinite(d)) cell.SetValue(d);
                break;
            case decimal m:
                cell.SetValue((double)m);
                break;
            case DateOnly date:
                cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
                cell.Style.NumberFormat.Format = DateFormat;
                break;
            case DateTime dateTime:
                cell.SetValue(dateTime);
                cell.Style.NumberFormat.Format = DateTimeFormat;
                break;
            case DateTimeOffset offset:
                cell.SetValue(offset.UtcDateTime);
                cell.Style.NumberFormat.Format = DateTimeFormat;
                break;
            case bool flag:
                cell.SetValue(flag);
                break;
            default:
                SetCell(cell, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}

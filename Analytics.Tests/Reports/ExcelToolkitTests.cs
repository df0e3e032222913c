using Analytics.Jobs.Charts;
using Analytics.Jobs.Reports.Excel;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using DocumentFormat.OpenXml.Packaging;

namespace Analytics.Tests.Reports;

public sealed class ExcelToolkitTests
{
    /// <summary>Text that a spreadsheet would run or reinterpret if written naively.</summary>
    public static readonly string[] Hostile =
        ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tindented", "\rreturn", "=1+2"];

    private static readonly SheetColumn[] Columns =
    [
        new("Title", 40), new("Count", 10, SheetWriter.IntegerFormat), new("Share", 10, SheetWriter.PercentFormat), new("Day", 12), new("At", 18),
    ];

    private static IEnumerable<IReadOnlyList<object?>> Rows() =>
        Hostile.Select((text, i) => (IReadOnlyList<object?>)[text, i, i / 10.0, new DateOnly(2026, 10, i + 1), new DateTimeOffset(2026, 10, i + 1, 9, 30, 0, TimeSpan.FromHours(2))])
            .Append(["00123", 1_000_000, 0.5, new DateOnly(2026, 10, 31), new DateTime(2026, 10, 31, 23, 59, 0, DateTimeKind.Utc)])
            .Append(["1/2", 7, 1.0, null, null]);

    private static byte[] ClosedXmlWorkbook()
    {
        using var workbook = new XLWorkbook();
        SheetWriter.WriteTable(workbook.AddWorksheet("Items"), Columns, Rows());
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static async Task<byte[]> StreamedWorkbookAsync(IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        await StreamingXlsxWriter.WriteAsync(stream, "Activities", Columns, rows.ToAsyncEnumerable(), CancellationToken.None);
        return stream.ToArray();
    }

    [Fact]
    public void A_formatted_table_is_valid_and_keeps_types_and_hostile_text()
    {
        var bytes = ClosedXmlWorkbook();
        Assert.Empty(Workbooks.ValidationErrors(bytes));

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet("Items");
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.NotNull(sheet.AutoFilter);
        AssertHostileTextStaysText(sheet);
        Assert.Equal("00123", sheet.Cell(Hostile.Length + 2, 1).GetString());
        Assert.Equal(XLDataType.Text, sheet.Cell(Hostile.Length + 3, 1).DataType); // "1/2" is not a date
        Assert.Equal(XLDataType.Number, sheet.Cell(Hostile.Length + 2, 2).DataType);
        Assert.Equal(1_000_000, sheet.Cell(Hostile.Length + 2, 2).GetDouble());
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 4).DataType);
        Assert.Equal(new DateTime(2026, 10, 1), sheet.Cell(2, 4).GetDateTime());
        Assert.Equal(new DateTime(2026, 10, 1, 7, 30, 0), sheet.Cell(2, 5).GetDateTime()); // stored in UTC
        Assert.Equal(40, sheet.Column(1).Width);
    }

    [Fact]
    public async Task A_streamed_export_is_valid_and_keeps_types_and_hostile_text()
    {
        var bytes = await StreamedWorkbookAsync(Rows());
        Assert.Empty(Workbooks.ValidationErrors(bytes));

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("Activities", sheet.Name);
        Assert.Equal("Title", sheet.Cell(1, 1).GetString());
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        AssertHostileTextStaysText(sheet);
        Assert.Equal("00123", sheet.Cell(Hostile.Length + 2, 1).GetString());
        Assert.Equal(1_000_000, sheet.Cell(Hostile.Length + 2, 2).GetDouble());
        Assert.Equal(new DateTime(2026, 10, 1), sheet.Cell(2, 4).GetDateTime());
        Assert.Equal(new DateTime(2026, 10, 1, 7, 30, 0), sheet.Cell(2, 5).GetDateTime());
        Assert.Equal(Hostile.Length + 3, sheet.LastRowUsed()!.RowNumber());
    }

    [Fact]
    public async Task A_streamed_export_drops_characters_xml_cannot_carry()
    {
        var bytes = await StreamedWorkbookAsync([["bell\u0007 and nul\u0000 gone", 1, 0.0, null, null]]);
        Assert.Empty(Workbooks.ValidationErrors(bytes));
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        Assert.Equal("bell and nul gone", workbook.Worksheet(1).Cell(2, 1).GetString());
    }

    [Fact]
    public void Pictures_go_into_a_saved_workbook_without_native_libraries_and_stay_valid()
    {
        var png = MonthlyBarChart.RenderPng("Test", "Count", [(new DateOnly(2026, 9, 1), 3), (new DateOnly(2026, 10, 1), 5)], 400, 200);
        using var stream = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            SheetWriter.WriteTable(workbook.AddWorksheet("Charts"), Columns, Rows());
            workbook.AddWorksheet("Other");
            workbook.SaveAs(stream);
        }

        WorkbookPictures.Insert(stream, [new SheetPicture("Charts", png, 6, 1, 400, 200, "Test chart"), new SheetPicture("Charts", png, 6, 15, 400, 200, "Second chart")]);
        var bytes = stream.ToArray();
        Assert.Empty(Workbooks.ValidationErrors(bytes));

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = document.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().ToList();
        var charts = (WorksheetPart)document.WorkbookPart.GetPartById(sheets.Single(s => s.Name == "Charts").Id!);
        Assert.Equal(2, charts.DrawingsPart!.ImageParts.Count());
        using var image = charts.DrawingsPart.ImageParts.First().GetStream();
        using var copy = new MemoryStream();
        image.CopyTo(copy);
        Assert.Equal(png, copy.ToArray());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=cmd|' /C calc'!A0,x", "\"'=cmd|' /C calc'!A0,x\"")]
    public void Csv_fields_neutralise_formulas_and_quote_separators(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.CsvField(text));

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Column_letters_follow_the_spreadsheet_sequence(int index, string letters) =>
        Assert.Equal(letters, StreamingXlsxWriter.ColumnLetters(index));

    private static void AssertHostileTextStaysText(IXLWorksheet sheet)
    {
        for (var i = 0; i < Hostile.Length; i++)
        {
            var cell = sheet.Cell(i + 2, 1);
            Assert.False(cell.HasFormula, $"row {i + 2} became a formula");
            Assert.Equal(XLDataType.Text, cell.DataType);
            // XML parsers turn a bare carriage return into a line feed; what matters is that it stays text.
            Assert.Equal(Hostile[i].Replace('\r', '\n'), cell.GetString().Replace('\r', '\n'));
            Assert.True(cell.Style.IncludeQuotePrefix, $"row {i + 2} ({Hostile[i]}) is not quote-prefixed");
        }
    }
}

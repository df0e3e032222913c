using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Analytics.Jobs.Reports.Excel;

/// <summary>
/// Writes one sheet of rows as an .xlsx straight into a zip stream, row by row: memory stays flat
/// however many rows there are. For large raw exports; formatted reports use ClosedXML.
/// Cells are typed like <see cref="SheetWriter"/>'s: numbers, dates, text (formula-like text quote-prefixed).
/// </summary>
public static class StreamingXlsxWriter
{
    // Style indexes into cellXfs below.
    private const int StyleHeader = 1, StyleDateTime = 2, StyleInteger = 3, StyleDecimal = 4, StyleQuotedText = 5, StyleDate = 6;

    public static async Task<long> WriteAsync(Stream output, string sheetName, IReadOnlyList<SheetColumn> columns,
        IAsyncEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        WriteEntry(zip, "[Content_Types].xml", ContentTypes);
        WriteEntry(zip, "_rels/.rels", RootRelationships);
        WriteEntry(zip, "xl/workbook.xml", Workbook(sheetName));
        WriteEntry(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships);
        WriteEntry(zip, "xl/styles.xml", Styles);

        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        await using var stream = entry.Open();
        await using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), CloseOutput = false });
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var letters = columns.Select((_, i) => ColumnLetters(i)).ToArray();

        await xml.WriteStartDocumentAsync(standalone: true);
        xml.WriteStartElement("worksheet", ns);
        xml.WriteStartElement("sheetViews", ns);
        xml.WriteStartElement("sheetView", ns);
        xml.WriteAttributeString("workbookViewId", "0");
        xml.WriteStartElement("pane", ns);
        xml.WriteAttributeString("ySplit", "1");
        xml.WriteAttributeString("topLeftCell", "A2");
        xml.WriteAttributeString("activePane", "bottomLeft");
        xml.WriteAttributeString("state", "frozen");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("cols", ns);
        for (var c = 0; c < columns.Count; c++)
        {
            xml.WriteStartElement("col", ns);
            var index = (c + 1).ToString(CultureInfo.InvariantCulture);
            xml.WriteAttributeString("min", index);
            xml.WriteAttributeString("max", index);
            xml.WriteAttributeString("width", columns[c].Width.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("customWidth", "1");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("sheetData", ns);
        long rowNumber = 1;
        WriteRow(xml, ns, rowNumber, letters, columns.Select(c => (object?)c.Header).ToArray(), header: true, columns);
        await foreach (var values in rows.WithCancellation(ct))
        {
            rowNumber++;
            WriteRow(xml, ns, rowNumber, letters, values, header: false, columns);
            if (rowNumber % 10_000 == 0)
                await xml.FlushAsync();
        }

        xml.WriteEndElement(); // sheetData
        xml.WriteStartElement("autoFilter", ns);
        xml.WriteAttributeString("ref", $"A1:{letters[^1]}{rowNumber.ToString(CultureInfo.InvariantCulture)}");
        xml.WriteEndElement();
        xml.WriteEndElement(); // worksheet
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return rowNumber - 1;
    }

    private static void WriteRow(XmlWriter xml, string ns, long rowNumber, string[] letters, IReadOnlyList<object?> values, bool header, IReadOnlyList<SheetColumn> columns)
    {
        var row = rowNumber.ToString(CultureInfo.InvariantCulture);
        xml.WriteStartElement("row", ns);
        xml.WriteAttributeString("r", row);
        for (var c = 0; c < letters.Length && c < values.Count; c++)
        {
            var value = values[c];
            if (value is null)
                continue;
            xml.WriteStartElement("c", ns);
            xml.WriteAttributeString("r", letters[c] + row);
            switch (value)
            {
                case string text when header:
                    WriteInlineString(xml, ns, text, StyleHeader);
                    break;
                case string text:
                    WriteInlineString(xml, ns, text, SpreadsheetText.LooksLikeFormula(text) ? StyleQuotedText : 0);
                    break;
                case int or long or short or byte:
                    WriteNumber(xml, ns, Convert.ToDouble(value, CultureInfo.InvariantCulture), StyleInteger);
                    break;
                case double d:
                    WriteNumber(xml, ns, double.IsFinite(d) ? d : 0, columns[c].NumberFormat == SheetWriter.IntegerFormat ? StyleInteger : StyleDecimal);
                    break;
                case DateOnly date:
                    WriteNumber(xml, ns, date.ToDateTime(TimeOnly.MinValue).ToOADate(), StyleDate);
                    break;
                case DateTime dateTime:
                    WriteNumber(xml, ns, dateTime.ToOADate(), StyleDateTime);
                    break;
                case DateTimeOffset offset:
                    WriteNumber(xml, ns, offset.UtcDateTime.ToOADate(), StyleDateTime);
                    break;
                default:
                    WriteInlineString(xml, ns, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", 0);
                    break;
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteInlineString(XmlWriter xml, string ns, string text, int style)
    {
        if (style != 0)
            xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("t", "inlineStr");
        xml.WriteStartElement("is", ns);
        xml.WriteStartElement("t", ns);
        xml.WriteAttributeString("xml", "space", null, "preserve");
        xml.WriteString(SpreadsheetText.XmlSafe(text));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteNumber(XmlWriter xml, string ns, double value, int style)
    {
        xml.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        xml.WriteStartElement("v", ns);
        xml.WriteString(value.ToString("R", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
    }

    public static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        return letters;
    }

    private static void WriteEntry(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }

    private static string Workbook(string sheetName)
    {
        var name = new StringBuilder();
        using (var writer = XmlWriter.Create(name, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment }))
            writer.WriteString(SheetName(sheetName));
        return """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
               """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">""" +
               $"""<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>""";
    }

    /// <summary>Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    public static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray()).Trim('\'');
        if (clean.Length == 0) clean = "Sheet1";
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
        """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">""" +
        """<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>""" +
        """<Default Extension="xml" ContentType="application/xml"/>""" +
        """<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""" +
        """<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""" +
        """<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""" +
        """</Types>""";

    private const string RootRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
        """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""" +
        """<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>""" +
        """</Relationships>""";

    private const string WorkbookRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
        """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""" +
        """<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>""" +
        """<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""" +
        """</Relationships>""";

    // cellXfs: 0 default, 1 header (bold), 2 date-time, 3 integer, 4 decimal, 5 text with quote prefix, 6 date.
    private const string Styles =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" +
        """<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""" +
        """<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="#,##0.0"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>""" +
        """<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>""" +
        """<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>""" +
        """<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>""" +
        """<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>""" +
        """<cellXfs count="7">""" +
        """<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>""" +
        """<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>""" +
        """<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""" +
        """<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""" +
        """<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""" +
        """<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>""" +
        """<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>""" +
        """</cellXfs>""" +
        """<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>""" +
        """</styleSheet>""";
}

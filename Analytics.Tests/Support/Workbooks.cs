using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Analytics.Tests.Support;

public static class Workbooks
{
    /// <summary>Every schema error the Open XML SDK finds, as readable lines (empty = valid).</summary>
    public static IReadOnlyList<string> ValidationErrors(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        return new OpenXmlValidator().Validate(document)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
            .ToList();
    }

    /// <summary>
    /// A copy without drawings: ClosedXML's reader loads pictures through libgdiplus, which test machines lack.
    /// Check pictures with the Open XML SDK, values with ClosedXML on this copy.
    /// </summary>
    public static byte[] WithoutPictures(byte[] xlsx)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, isEditable: true))
        {
            foreach (var sheet in document.WorkbookPart!.WorksheetParts)
            {
                if (sheet.DrawingsPart is not { } drawings)
                    continue;
                foreach (var reference in sheet.Worksheet.Elements<DocumentFormat.OpenXml.Spreadsheet.Drawing>().ToList())
                    reference.Remove();
                sheet.Worksheet.Save();
                sheet.DeletePart(drawings);
            }
        }

        return stream.ToArray();
    }

    public static int PictureCount(byte[] xlsx, string sheetName)
    {
        using var stream = new MemoryStream(xlsx);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == sheetName);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!)).DrawingsPart?.ImageParts.Count() ?? 0;
    }
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Analytics.Jobs.Reports.Excel;

/// <summary>A PNG to place on a sheet, its top-left cell (zero-based) and its size in pixels.</summary>
public sealed record SheetPicture(string SheetName, byte[] Png, int Column, int Row, int WidthPixels, int HeightPixels, string Description);

/// <summary>
/// Puts pictures into a saved workbook with the Open XML SDK. ClosedXML's AddPicture needs the native
/// libgdiplus, which a fresh machine does not have; the SDK needs nothing native.
/// </summary>
public static class WorkbookPictures
{
    private const long EmuPerPixel = 9525;

    /// <summary>Adds the pictures to the workbook in <paramref name="xlsx"/> (read/write, seekable).</summary>
    public static void Insert(Stream xlsx, IEnumerable<SheetPicture> pictures)
    {
        using var document = SpreadsheetDocument.Open(xlsx, isEditable: true);
        var workbookPart = document.WorkbookPart ?? throw new InvalidOperationException("Not a workbook.");
        uint id = 1;
        foreach (var group in pictures.GroupBy(p => p.SheetName, StringComparer.Ordinal))
        {
            var sheet = workbookPart.Workbook.Descendants<Sheet>().FirstOrDefault(s => s.Name == group.Key)
                        ?? throw new InvalidOperationException($"No sheet named '{group.Key}'.");
            var worksheetPart = (WorksheetPart)workbookPart.GetPartById(sheet.Id!);
            var drawingsPart = worksheetPart.DrawingsPart ?? AddDrawingsPart(worksheetPart);
            var drawing = drawingsPart.WorksheetDrawing;

            foreach (var picture in group)
            {
                var imagePart = drawingsPart.AddImagePart(ImagePartType.Png);
                using (var data = new MemoryStream(picture.Png))
                    imagePart.FeedData(data);
                drawing.Append(Anchor(picture, drawingsPart.GetIdOfPart(imagePart), id++));
            }

            drawing.Save();
        }
    }

    private static DrawingsPart AddDrawingsPart(WorksheetPart worksheetPart)
    {
        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>();
        drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing();
        // <drawing> must come before a few elements (e.g. tableParts) in the sheet's schema order.
        var drawingRef = new Drawing { Id = worksheetPart.GetIdOfPart(drawingsPart) };
        var worksheet = worksheetPart.Worksheet;
        OpenXmlElement? before = worksheet.Elements<LegacyDrawing>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<LegacyDrawingHeaderFooter>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<Picture>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<OleObjects>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<Controls>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<WebPublishItems>().FirstOrDefault()
                                 ?? (OpenXmlElement?)worksheet.Elements<TableParts>().FirstOrDefault()
                                 ?? worksheet.Elements<WorksheetExtensionList>().FirstOrDefault();
        if (before is null)
            worksheet.Append(drawingRef);
        else
            worksheet.InsertBefore(drawingRef, before);
        worksheet.Save();
        return drawingsPart;
    }

    private static Xdr.OneCellAnchor Anchor(SheetPicture picture, string relationshipId, uint id) =>
        new(
            new Xdr.FromMarker(
                new Xdr.ColumnId(picture.Column.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.ColumnOffset("0"),
                new Xdr.RowId(picture.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Xdr.RowOffset("0")),
            new Xdr.Extent { Cx = picture.WidthPixels * EmuPerPixel, Cy = picture.HeightPixels * EmuPerPixel },
            new Xdr.Picture(
                new Xdr.NonVisualPictureProperties(
                    new Xdr.NonVisualDrawingProperties { Id = id + 1, Name = $"Chart {id}", Description = picture.Description },
                    new Xdr.NonVisualPictureDrawingProperties(new A.PictureLocks { NoChangeAspect = true })),
                new Xdr.BlipFill(
                    new A.Blip { Embed = relationshipId },
                    new A.Stretch(new A.FillRectangle())),
                new Xdr.ShapeProperties(
                    new A.Transform2D(
                        new A.Offset { X = 0, Y = 0 },
                        new A.Extents { Cx = picture.WidthPixels * EmuPerPixel, Cy = picture.HeightPixels * EmuPerPixel }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })),
            new Xdr.ClientData());
}

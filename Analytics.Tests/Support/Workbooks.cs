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
}

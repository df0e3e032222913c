namespace Analytics.Jobs.Reports.Excel;

/// <summary>
/// Text from source systems is hostile until proven otherwise: a title like "=HYPERLINK(...)" must stay
/// text in every spreadsheet program, also after a user edits the cell or saves it as CSV.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>Leading characters that make Excel, LibreOffice or Sheets read a cell as a formula.</summary>
    public static bool LooksLikeFormula(string? text) =>
        !string.IsNullOrEmpty(text) && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>A CSV field: formula-like text gets a leading apostrophe, then RFC 4180 quoting.</summary>
    public static string CsvField(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var safe = LooksLikeFormula(text) ? "'" + text : text;
        var needsQuotes = safe.AsSpan().IndexOfAny("\",\r\n") >= 0;
        return needsQuotes ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }

    /// <summary>XML 1.0 forbids most control characters; source text sometimes has them. They are dropped.</summary>
    public static string XmlSafe(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (c < 0x20 && c is not '\t' and not '\n' and not '\r' || c is '\uFFFE' or '\uFFFF')
            {
                clean = false;
                break;
            }
        }

        if (clean)
            return text;
        return string.Concat(text.Where(c => !(c < 0x20 && c is not '\t' and not '\n' and not '\r' || c is '\uFFFE' or '\uFFFF')));
    }
}

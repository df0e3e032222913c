using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml;
using Analytics.Jobs.Ingestion.Runner;

namespace Analytics.Jobs.Connectors.StackExchange;

/// <summary>
/// One &lt;row/&gt; of a dump file: its position (1-based among the rows), line, and the attributes asked for.
/// A row with <see cref="Broken"/> set is not a row: the XML broke there and the rest of the file is unreadable.
/// </summary>
public sealed record DumpRow(long Ordinal, long Line, IReadOnlyDictionary<string, string> Attributes, string? Broken = null)
{
    public string? this[string name] => Attributes.GetValueOrDefault(name);
}

/// <summary>
/// Streams the rows of one dump file with <see cref="XmlReader"/>: never the whole file in memory, DTDs
/// prohibited and no resolver (so no external entity is ever fetched). Only the attributes named are kept,
/// so post bodies and comment texts are never materialised as strings.
/// </summary>
public static class DumpFile
{
    public static async IAsyncEnumerable<DumpRow> ReadRowsAsync(string path, IReadOnlySet<string> attributes, [EnumeratorCancellation] CancellationToken ct)
    {
        var settings = new XmlReaderSettings
        {
            Async = true,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = XmlReader.Create(stream, settings);
        var lineInfo = (IXmlLineInfo)reader;
        long ordinal = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            DumpRow? row;
            try
            {
                row = await NextRowAsync(reader, lineInfo, ordinal + 1, attributes);
            }
            catch (XmlException ex)
            {
                // A truncated or malformed file: nothing after this point can be trusted, but what came before stands.
                row = new DumpRow(ordinal + 1, ex.LineNumber, new Dictionary<string, string>(), ex.Message);
            }

            if (row is null)
                yield break;
            ordinal = row.Ordinal;
            yield return row;
            if (row.Broken is not null)
                yield break;
        }
    }

    private static async Task<DumpRow?> NextRowAsync(XmlReader reader, IXmlLineInfo lineInfo, long ordinal, IReadOnlySet<string> wanted)
    {
        while (await reader.ReadAsync())
        {
            // Rows are the children of the root element (<posts>, <users>...); anything else is ignored.
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1 || reader.LocalName != "row")
                continue;

            var line = lineInfo.LineNumber;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (reader.MoveToFirstAttribute())
            {
                do
                {
                    if (wanted.Contains(reader.LocalName))
                        values[reader.LocalName] = reader.Value;
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
            }

            return new DumpRow(ordinal, line, values);
        }

        return null;
    }

    /// <summary>Dump dates ("2018-02-06T20:19:50.957") carry no offset and are UTC.</summary>
    public static bool TryParseDate(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        utc = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
        // A year 0001 or 9999 is not a date the site recorded; it would also become the dump's as-of time for views.
        return utc >= ActivityBounds.Earliest && utc < ActivityBounds.Latest;
    }

    public static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id);
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// The generic activity import from JSON lines: one JSON object per line, the same property names as
/// the CSV header. Read line by line, holding at most <c>maxRecordBytes</c> characters of a line: a longer line is
/// rejected as too long and skipped, so memory stays bounded whatever the file holds.
/// </summary>
public sealed class ActivityJsonlConnector(string path, int maxRecordBytes = IngestionOptions.DefaultMaxRecordBytes) : ISourceConnector
{
    public const string KindName = "activity-jsonl";
    private const int ExcerptLength = 200;

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var fingerprint = await FileCursor.FingerprintAsync(path, ct);
        var resumeAfter = FileCursor.ResumeAfter(since, fingerprint);
        var fileName = Path.GetFileName(path);

        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        var lines = new BoundedLineReader(reader, maxRecordBytes);
        long line = 0;
        while (await lines.ReadLineAsync(ct) is { } next)
        {
            line++;
            if (line <= resumeAfter)
                continue;
            var location = new RecordLocation(fileName, line);
            var cursor = new FileCursor(fingerprint, line).ToString();
            if (next.Text is null)
            {
                yield return new RejectedRecord(location, cursor, TextFileGuard.RecordTooLong(maxRecordBytes), null);
                continue;
            }

            // A byte order mark at the start of a later line is what joining two files leaves behind: not data.
            var text = next.Text.StartsWith('\uFEFF') ? next.Text[1..] : next.Text;
            if (string.IsNullOrWhiteSpace(text))
            {
                yield return new SkippedRecord(location, cursor, "blank lines");
                continue;
            }

            var excerpt = text.Length <= ExcerptLength ? text : text[..ExcerptLength];
            yield return Parse(text, location, cursor, excerpt);
        }
    }

    private static SourceRecord Parse(string text, RecordLocation location, string cursor, string excerpt)
    {
        if (text.Contains('\uFFFD', StringComparison.Ordinal))
            return new RejectedRecord(location, cursor, "not valid UTF-8", excerpt);

        Dictionary<string, string?> values;
        try
        {
            values = ReadObject(text);
        }
        catch (JsonException ex)
        {
            // A malformed line is that line's problem: it becomes a rejection with the parser's reason.
            return new RejectedRecord(location, cursor, $"invalid JSON: {ex.Message}", excerpt);
        }
        catch (InvalidDataException ex)
        {
            return new RejectedRecord(location, cursor, ex.Message, excerpt);
        }

        return ActivityRowParser.Parse(
            ActivityFields.From(values, static (v, i) => v.GetValueOrDefault(ActivityFields.All[i])), location, cursor, excerpt);
    }

    private static Dictionary<string, string?> ReadObject(string text)
    {
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"expected a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.Null => null,
                JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new InvalidDataException($"'{property.Name}' must be a string or a number, found {property.Value.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }

        return values;
    }
}

public sealed class ActivityJsonlConnectorFactory(IOptions<IngestionOptions> options) : ISourceConnectorFactory
{
    public string Kind => ActivityJsonlConnector.KindName;

    public ISourceConnector Create(string location) => new ActivityJsonlConnector(location, options.Value.MaxRecordBytes);
}

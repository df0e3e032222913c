using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// The generic activity import from CSV (RFC 4180, header row, UTF-8 with or without BOM). Streams the
/// file through CsvHelper's reader (SIMD over UTF-8 bytes), one record at a time, so memory does not grow with the file.
/// </summary>
public sealed class ActivityCsvConnector(string path, int maxRecordBytes = IngestionOptions.DefaultMaxRecordBytes) : ISourceConnector
{
    public const string KindName = "activity-csv";
    private const int ExcerptLength = 200;

    // Fields of ActivityFields.All from this position on (actor, type, item...) repeat from row to row; the two before (event id, time) do not.
    private const int RepeatingFieldsFrom = 2;

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var fingerprint = await FileCursor.FingerprintAsync(path, ct);
        var resumeAfter = FileCursor.ResumeAfter(since, fingerprint);
        var fileName = Path.GetFileName(path);
        TextFileGuard.RequireUtf8(path);

        // Malformed records (stray quotes, wrong field count) are skipped by the reader and reported here,
        // so that each becomes a rejection with its line instead of failing the file.
        var malformed = new Queue<CsvMalformedRecord>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = malformed.Enqueue,
            FormatProvider = CultureInfo.InvariantCulture,
            MaxRecordSize = maxRecordBytes,
        };

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var reader = CsvReader.Create(stream, options, leaveOpen: false);
        await reader.ReadHeaderAsync(ct);
        var columns = ReadHeader(reader.Headers, fileName);
        var pool = new FieldPool();

        while (true)
        {
            bool more;
            CsvFormatException? tooLong = null;
            try
            {
                more = await reader.ReadAsync(ct);
            }
            catch (CsvFormatException ex)
            {
                // Only an over-long record throws (malformed ones are skipped): where it ends cannot be found without
                // buffering it, so the rest of the file is not read; what came before stands.
                more = false;
                tooLong = ex;
            }

            while (malformed.TryDequeue(out var bad))
            {
                if (bad.LineNumber <= resumeAfter)
                    continue;
                var excerpt = Excerpt(bad.RawRecord);
                yield return new RejectedRecord(new RecordLocation(fileName, bad.LineNumber), new FileCursor(fingerprint, bad.LineNumber).ToString(),
                    Describe(bad.Reason), excerpt);
            }

            if (tooLong is not null && tooLong.LineNumber > resumeAfter)
            {
                yield return new RejectedRecord(new RecordLocation(fileName, tooLong.LineNumber), new FileCursor(fingerprint, tooLong.LineNumber).ToString(),
                    $"{TextFileGuard.RecordTooLong(maxRecordBytes)}; the rest of the file is not read", null);
            }

            if (!more)
                break;

            var line = reader.LineNumber;
            if (line <= resumeAfter)
                continue;

            var location = new RecordLocation(fileName, line);
            var cursor = new FileCursor(fingerprint, line).ToString();
            // Checked on the raw bytes: decoding every record to text only to look for U+FFFD would cost a string per row.
            if (!Utf8.IsValid(reader.RawRecord))
            {
                yield return new RejectedRecord(location, cursor, "not valid UTF-8", Excerpt(Encoding.UTF8.GetString(reader.RawRecord)));
                continue;
            }

            var activity = ActivityRowParser.TryParse(
                ActivityFields.From((reader, columns, pool), static (r, i) => r.columns[i] switch
                {
                    < 0 => null,
                    var column when i < RepeatingFieldsFrom => r.reader.GetString(column),
                    var column => r.pool.Get(r.reader.GetSpan(column)),
                }),
                location, cursor, out var reason);
            yield return activity ?? (SourceRecord)new RejectedRecord(location, cursor, reason!, Excerpt(Encoding.UTF8.GetString(reader.RawRecord)));
        }
    }

    public static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "malformed quoting: a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "malformed quoting: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "malformed quoting: a quoted field is never closed",
        CsvMalformedReason.LineBreakInQuotes => "malformed quoting: a line break inside a quoted field",
        CsvMalformedReason.FieldCountMismatch => "wrong number of fields: the record does not have as many fields as the header",
        _ => $"malformed record ({reason})",
    };

    /// <summary>The column of each field of <see cref="ActivityFields.All"/>, -1 where the file has none.</summary>
    private static int[] ReadHeader(IReadOnlyList<string> header, string fileName)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var missing = ActivityFields.Required.Where(r => !names.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{fileName}:1: the header lacks the required column(s) {string.Join(", ", missing)}; expected columns: {string.Join(",", ActivityFields.All)}");
        }

        return [.. ActivityFields.All.Select(name => names.IndexOf(name))];
    }

    private static string Excerpt(string raw)
    {
        var trimmed = raw.TrimEnd('\r', '\n');
        return trimmed.Length <= ExcerptLength ? trimmed : trimmed[..ExcerptLength];
    }
}

public sealed class ActivityCsvConnectorFactory(IOptions<IngestionOptions> options) : ISourceConnectorFactory
{
    public string Kind => ActivityCsvConnector.KindName;

    public ISourceConnector Create(string location) => new ActivityCsvConnector(location, options.Value.MaxRecordBytes);
}

using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Analytics.Jobs.Ingestion.Identity;
using CsvHelper;
using Analytics.Jobs.Ingestion.ActivityFiles;

namespace Analytics.Jobs.Ingestion.HrDirectory;

/// <summary>
/// Reads an HR directory CSV into rows and per-row rejections (missing field, unparsable date, bad e-mail).
/// The whole file is held: checks such as manager cycles need every row, and directories are small
/// (100,000 employees is about 20 MB).
/// </summary>
public static class HrDirectoryReader
{
    /// <summary>Dates outside this range are typing errors (0001-01-01, 9999-12-31), not employment history.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    /// <summary>The "no end date" many HR systems write into an open-ended leave date; read as no leave date.</summary>
    public const string OpenEndedDate = "9999-12-31";

    public static (List<HrDirectoryRow> Rows, List<RejectedRecord> Rejections) Read(string path, int maxRecordBytes = IngestionOptions.DefaultMaxRecordBytes)
    {
        var fileName = Path.GetFileName(path);
        TextFileGuard.RequireUtf8(path);
        var rows = new List<HrDirectoryRow>();
        var rejections = new List<RejectedRecord>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = bad => rejections.Add(new RejectedRecord(new RecordLocation(fileName, bad.LineNumber), null,
                ActivityCsvConnector.Describe(bad.Reason), Excerpt(bad.RawRecord))),
            FormatProvider = CultureInfo.InvariantCulture,
            MaxRecordSize = maxRecordBytes,
        };

        using var reader = CsvReader.Create(File.OpenRead(path), options, leaveOpen: false);
        reader.ReadHeader();
        var names = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missingColumns = HrColumns.Required.Where(c => !names.Contains(c)).ToList();
        if (missingColumns.Count > 0)
        {
            throw new InvalidDataException(
                $"{fileName}:1: the header lacks the required column(s) {string.Join(", ", missingColumns)}; expected columns: {string.Join(",", HrColumns.All)}");
        }

        while (ReadNext(reader, maxRecordBytes, fileName, rejections))
        {
            var line = reader.LineNumber;
            var excerpt = Excerpt(Encoding.UTF8.GetString(reader.RawRecord));
            void Reject(string reason) => rejections.Add(new RejectedRecord(new RecordLocation(fileName, line), null, reason, excerpt));

            string? Get(string column)
            {
                var index = names.IndexOf(column);
                var value = index < 0 ? null : reader.GetString(index)?.Trim();
                return string.IsNullOrEmpty(value) ? null : value;
            }

            if (!Utf8.IsValid(reader.RawRecord))
            {
                Reject("not valid UTF-8");
                continue;
            }

            var missing = HrColumns.Required.FirstOrDefault(c => Get(c) is null);
            if (missing is not null)
            {
                Reject($"missing required field '{missing}'");
                continue;
            }

            var email = EmailAddress.Normalise(Get(HrColumns.Email));
            if (email is null)
            {
                Reject($"'{HrColumns.Email}' is not an e-mail address: '{Get(HrColumns.Email)}'");
                continue;
            }

            var aliases = (Get(HrColumns.Aliases) ?? "").Split([';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => (Text: a, Email: EmailAddress.Normalise(a))).ToList();
            var badAlias = aliases.FirstOrDefault(a => a.Email is null);
            if (badAlias.Text is not null)
            {
                Reject($"alias is not an e-mail address: '{badAlias.Text}'");
                continue;
            }

            if (!TryDate(Get(HrColumns.HireDate), HrColumns.HireDate, out var hire, out var problem)
                || !TryDate(Get(HrColumns.LeaveDate) is OpenEndedDate ? null : Get(HrColumns.LeaveDate), HrColumns.LeaveDate, out var leave, out problem)
                || !TryDate(Get(HrColumns.EffectiveDate), HrColumns.EffectiveDate, out var effective, out problem))
            {
                Reject(problem!);
                continue;
            }

            if (leave is { } l && l < hire!.Value)
            {
                Reject($"'{HrColumns.LeaveDate}' {l:yyyy-MM-dd} is before '{HrColumns.HireDate}' {hire:yyyy-MM-dd}");
                continue;
            }

            rows.Add(new HrDirectoryRow(line, Get(HrColumns.EmployeeId)!, Get(HrColumns.Name)!, email,
                aliases.Select(a => a.Email!).Where(a => a != email).Distinct(StringComparer.Ordinal).ToList(),
                Get(HrColumns.Department)!, Get(HrColumns.ManagerId), Get(HrColumns.Location), hire!.Value, leave, effective, excerpt));
        }

        return (rows, rejections);
    }

    /// <summary>The next record; an over-long one ends the file with a rejection (its end cannot be found without buffering it).</summary>
    private static bool ReadNext(CsvReader reader, int maxRecordBytes, string fileName, List<RejectedRecord> rejections)
    {
        try
        {
            return reader.Read();
        }
        catch (CsvFormatException ex)
        {
            rejections.Add(new RejectedRecord(new RecordLocation(fileName, ex.LineNumber), null,
                $"{TextFileGuard.RecordTooLong(maxRecordBytes)}; the rest of the file is not read", null));
            return false;
        }
    }

    private static string Excerpt(string raw) => raw.Length <= 200 ? raw : raw[..200];

    private static bool TryDate(string? text, string column, out DateOnly? value, out string? problem)
    {
        value = null;
        problem = null;
        if (text is null)
            return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            if (parsed < EarliestDate || parsed > LatestDate)
            {
                problem = $"implausible date in '{column}': '{text}' (expected {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd})";
                return false;
            }

            value = parsed;
            return true;
        }

        problem = $"unparsable date in '{column}': '{text}' (expected yyyy-MM-dd)";
        return false;
    }
}

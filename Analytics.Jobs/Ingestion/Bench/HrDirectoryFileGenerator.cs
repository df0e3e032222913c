using System.Globalization;
using System.Text;
using Analytics.Jobs.Ingestion.HrDirectory;

namespace Analytics.Jobs.Ingestion.Bench;

/// <summary>
/// A deterministic HR directory of <c>rows</c> employees for benchmarks and fault tests: a management tree ten wide
/// (employee i reports to employee (i - 1) / 10, so managers are spread over the whole file), departments three
/// levels deep under one root, an alias for every third employee, a leaver every fiftieth.
/// </summary>
public sealed class HrDirectoryFileGenerator(int rows)
{
    public int Rows { get; } = rows;

    public async Task WriteCsvAsync(string path, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteLineAsync(string.Join(',', HrColumns.All));
        var c = CultureInfo.InvariantCulture;
        // Written in reverse id order, so that most reports come before their managers in the file.
        for (var i = Rows - 1; i >= 0; i--)
        {
            ct.ThrowIfCancellationRequested();
            var manager = i == 0 ? "" : string.Create(c, $"E{(i - 1) / 10}");
            var alias = i % 3 == 0 ? string.Create(c, $"p{i}@old.example.com") : "";
            var hire = new DateOnly(2015, 1, 1).AddDays(i % 3000);
            var leave = i % 50 == 49 ? hire.AddDays(400).ToString("yyyy-MM-dd", c) : "";
            var department = i == 0 ? "Company" : string.Create(c, $"Company/Division {i % 7}/Team {i % 7}-{i % 23}");
            await writer.WriteLineAsync(string.Create(c,
                $"E{i},Person {i},person{i}@example.com,{alias},{department},{manager},City {i % 11},{hire:yyyy-MM-dd},{leave},"));
        }
    }
}

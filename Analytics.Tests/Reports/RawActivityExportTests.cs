using System.Net;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Reports;

public sealed class RawActivityExportTests(SharedDemo factory) : IClassFixture<SharedDemo>
{
    private AnalyticsWebFactory Web => factory.Web;

    [Fact]
    public async Task HR_downloads_every_activity_of_the_range_as_a_valid_workbook_and_the_export_is_audited()
    {
        var web = Web;
        using var client = web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var (from, to) = LastMonth();

        var response = await client.GetAsync($"/exports/activities.xlsx?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"activities-{from}-to-{to}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(Workbooks.ValidationErrors(bytes));

        var expected = await CountAsync(web.DatabasePath, $"SELECT COUNT(*) FROM Activities WHERE OccurredAt >= '{from}' AND OccurredAt < date('{to}', '+1 day')");
        Assert.True(expected > 100);
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        Assert.Equal(expected + 1, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal("Occurred at (UTC)", sheet.Cell(1, 1).GetString());
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 1).DataType);

        await using var db = Domain.Persistence.DatabaseRegistration.CreateContext(Domain.Persistence.DatabaseProvider.Sqlite, $"Data Source={web.DatabasePath}");
        var audit = await db.AuditEntries.Where(a => a.Action == "export.activities" && a.Details!.Contains("pseudonymised=False"))
            .OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal("hr", audit.Actor);
        Assert.Contains($"from={from}", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pseudonymised_export_carries_no_names()
    {
        var web = Web;
        using var client = web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var (from, to) = LastMonth();

        var bytes = await client.GetByteArrayAsync($"/exports/activities.xlsx?from={from}&to={to}&pseudonymise=true");
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        var names = await NamesAsync(web.DatabasePath);
        var actors = sheet.Column(7).CellsUsed().Skip(1).Select(c => c.GetString()).ToList();
        Assert.NotEmpty(actors);
        Assert.All(actors, a => Assert.StartsWith("Person ", a, StringComparison.Ordinal));
        Assert.DoesNotContain(sheet.CellsUsed().Select(c => c.GetString()), names.Contains);
    }

    [Fact]
    public async Task Pseudonyms_replace_every_person_id_are_stable_within_an_export_and_unlinkable_across_exports()
    {
        using var client = Web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var (from, to) = LastMonth();
        var url = $"/exports/activities.xlsx?from={from}&to={to}";

        var plain = PersonCells(await client.GetByteArrayAsync(url));
        var first = PersonCells(await client.GetByteArrayAsync(url + "&pseudonymise=true"));
        var second = PersonCells(await client.GetByteArrayAsync(url + "&pseudonymise=true"));
        Assert.Equal(plain.Count, first.Count);
        Assert.True(plain.Count > 100);

        // Same rows in the same order: the real id behind each pseudonym is known to the test, not to the reader.
        var ids = plain.Select(c => c.Id).Where(i => i.Length > 0).ToHashSet(StringComparer.Ordinal);
        var names = await NamesAsync(Web.DatabasePath);
        var pseudonymOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var personOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (real, pseudonymised) in plain.Zip(first))
        {
            Assert.Equal(real.Id.Length == 0, pseudonymised.Id.Length == 0);
            if (real.Id.Length == 0) continue;
            // The id column holds the pseudonym, the same as the name column, never a raw id or a name.
            Assert.Equal(pseudonymised.Id, pseudonymised.Name);
            Assert.Matches("^Person [0-9a-f]{12}$", pseudonymised.Id);
            Assert.DoesNotContain(pseudonymised.Id["Person ".Length..], ids);
            Assert.DoesNotContain(pseudonymised.Id, names);
            // Stable: one person, one pseudonym; one pseudonym, one person.
            Assert.Equal(pseudonymOf.TryAdd(real.Id, pseudonymised.Id) ? pseudonymised.Id : pseudonymOf[real.Id], pseudonymised.Id);
            Assert.Equal(personOf.TryAdd(pseudonymised.Id, real.Id) ? real.Id : personOf[pseudonymised.Id], real.Id);
        }

        Assert.True(pseudonymOf.Count > 10);
        Assert.DoesNotContain(first.Select(c => c.Id), ids.Contains);
        // A second export draws a new key: nothing links its pseudonyms to the first one's.
        Assert.Empty(first.Select(c => c.Id).Where(i => i.Length > 0).Intersect(second.Select(c => c.Id), StringComparer.Ordinal));
    }

    // Actor and item author id and name columns of every data row.
    private static List<(string Id, string Name)> PersonCells(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var sheet = workbook.Worksheet(1);
        var cells = new List<(string, string)>();
        foreach (var row in sheet.RowsUsed().Skip(1))
        {
            cells.Add((row.Cell(6).GetString(), row.Cell(7).GetString()));
            cells.Add((row.Cell(10).GetString(), row.Cell(11).GetString()));
        }

        return cells;
    }

    [Theory]
    [InlineData("")]
    [InlineData("?from=2026-10-01")]
    [InlineData("?from=2026-10-31&to=2026-10-01")]
    [InlineData("?from=yesterday&to=today")]
    public async Task A_bad_range_is_a_clear_400(string query)
    {
        var web = Web;
        using var client = web.CreateClient();
        await SignIn.AsAsync(client, "hr");
        var response = await client.GetAsync("/exports/activities.xlsx" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("YYYY-MM-DD", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static (string From, string To) LastMonth()
    {
        var today = DateTime.UtcNow;
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return (first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<HashSet<string>> NamesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DisplayName FROM Persons";
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}

using System.Net;
using Analytics.Tests.Support;
using ClosedXML.Excel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Reports;

public sealed class RawActivityExportTests(RawActivityExportTests.Factory factory) : IClassFixture<RawActivityExportTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

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

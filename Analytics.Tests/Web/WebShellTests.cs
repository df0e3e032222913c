using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Jobs.Charts;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using SkiaSharp;

namespace Analytics.Tests.Web;

public sealed partial class WebShellTests
{
    [Fact]
    public async Task First_start_seeds_the_demo_and_the_overview_shows_last_months_figures_from_the_database()
    {
        await using var factory = new AnalyticsWebFactory();
        using var client = factory.CreateClient();
        await SignIn.AsAsync(client, "hr");

        var html = await client.GetStringAsync("/");

        // Independent plain-SQL count of contribution records and contributors...
        var (contributions, contributors, _) = await LastMonthFromDatabaseAsync(factory.DatabasePath);
        Assert.True(contributions > 0, "the demo organisation contributes every month");
        Assert.Equal(contributions, Kpi(html, "contributions"));
        Assert.Equal(contributors, Kpi(html, "active-contributors"));
        // ...and the same figures as `analytics metrics` (MetricsQuery) for the month, reuse included.
        var today = DateTime.UtcNow;
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await using var db = Domain.Persistence.DatabaseRegistration.CreateContext(Domain.Persistence.DatabaseProvider.Sqlite, $"Data Source={factory.DatabasePath}");
        var (company, _) = await new Analytics.Jobs.Metrics.MetricsQuery(db).ByDepartmentAsync(Domain.Metrics.ReportingPeriod.Month(month.Year, month.Month), CancellationToken.None);
        Assert.Equal(company.Contributions, Kpi(html, "contributions"));
        Assert.Equal(company.ActiveContributors, Kpi(html, "active-contributors"));
        Assert.Equal(Math.Round(company.ReuseReceived), Kpi(html, "reuse"));
        Assert.Contains("Contributions per month", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Bar chart of contributions per month", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_start_does_not_seed_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"web-{Guid.NewGuid():N}");
        long firstCount;
        await using (var first = new AnalyticsWebFactory(folder))
        {
            using var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            firstCount = await CountAsync(first.DatabasePath, "Activities");
        }

        await using var second = new AnalyticsWebFactory(folder);
        using var again = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/health")).StatusCode);
        Assert.True(firstCount > 0);
        Assert.Equal(firstCount, await CountAsync(second.DatabasePath, "Activities"));
        Assert.Equal(60, await CountAsync(second.DatabasePath, "Employees"));
    }

    [Fact]
    public async Task Health_reports_the_database_and_the_job_storage()
    {
        await using var factory = new AnalyticsWebFactory();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        var jobs = checks.GetProperty("job-storage");
        Assert.Equal("Healthy", jobs.GetProperty("status").GetString());
        Assert.Contains("1 server(s)", jobs.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contributions_chart_is_a_png_with_visible_labels()
    {
        await using var factory = new AnalyticsWebFactory();
        using var client = factory.CreateClient();
        await SignIn.AsAsync(client, "leadership");

        var response = await client.GetAsync("/charts/contributions-by-month.png");
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(800, bitmap.Width);

        // The title sits alone in the top band: with no usable font that band is blank.
        Assert.True(DarkPixels(bitmap, 0, 0, bitmap.Width, 30) > 100, "the chart title did not render: is the bundled font registered?");
        // Month labels below the plot area, above the legend that takes the bottom band (ADR 2121).
        Assert.True(DarkPixels(bitmap, 60, bitmap.Height - 90, bitmap.Width, bitmap.Height - 55) > 100, "the month labels did not render");
        Assert.True(DarkPixels(bitmap, 60, bitmap.Height - 50, bitmap.Width, bitmap.Height) > 100, "the legend did not render");
    }

    [Fact]
    public void The_bundled_font_is_deployed_with_the_app()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf")));
        ChartFonts.EnsureRegistered();
        Assert.Equal(ChartFonts.Family, ScottPlot.Fonts.Default);
    }

    private static int DarkPixels(SKBitmap bitmap, int left, int top, int right, int bottom)
    {
        var dark = 0;
        for (var y = top; y < bottom; y++)
            for (var x = left; x < right; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < 300) dark++;
            }

        return dark;
    }

    private static double Kpi(string html, string name)
    {
        var match = Regex.Match(html, $"data-kpi=\"{name}\">([0-9,]+)<");
        Assert.True(match.Success, $"KPI {name} not on the page");
        return double.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>The overview's three figures, computed here in plain SQL as an independent check.</summary>
    private static async Task<(double Contributions, double Contributors, double Reuse)> LastMonthFromDatabaseAsync(string path)
    {
        var today = DateTime.UtcNow;
        var first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-1);
        var from = first.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var to = first.AddMonths(1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
              (SELECT COUNT(*) FROM Activities a JOIN SourceAccounts s ON s.Id = a.ActorAccountId JOIN Persons p ON p.Id = s.PersonId
                WHERE a.OccurredAt >= $from AND a.OccurredAt < $to AND a.Type < 20 AND s.IsBot = 0 AND p.IsBot = 0 AND p.EmployeeId IS NOT NULL),
              (SELECT COUNT(DISTINCT p.Id) FROM Activities a JOIN SourceAccounts s ON s.Id = a.ActorAccountId JOIN Persons p ON p.Id = s.PersonId
                WHERE a.OccurredAt >= $from AND a.OccurredAt < $to AND a.Type < 20 AND s.IsBot = 0 AND p.IsBot = 0 AND p.EmployeeId IS NOT NULL),
              (SELECT COALESCE(SUM(a.Quantity), 0) FROM Activities a
                JOIN KnowledgeItems i ON i.Id = a.ItemId JOIN SourceAccounts au ON au.Id = i.AuthorAccountId JOIN Persons ap ON ap.Id = au.PersonId
                LEFT JOIN SourceAccounts ra ON ra.Id = a.ActorAccountId
                WHERE a.OccurredAt >= $from AND a.OccurredAt < $to AND a.Type >= 40 AND au.IsBot = 0 AND ap.IsBot = 0
                  AND ap.EmployeeId IS NOT NULL AND (ra.Id IS NULL OR ra.PersonId <> au.PersonId))
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    private static async Task<long> CountAsync(string path, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Net;
using System.Text.Json;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Persistence;

/// <summary>/health reports a database file that became unreadable while the web app runs (issue 16 break 7).</summary>
public sealed class DatabaseHealthTests
{
    [Theory]
    [InlineData("header")]
    [InlineData("pages")]
    public async Task A_damaged_database_file_makes_health_unhealthy_with_a_one_line_reason(string damage)
    {
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("Demo:Enabled", "false"));
        using var client = web.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(web.DatabasePath);
        if (damage == "header")
            "garbage header!!"u8.ToArray().CopyTo(bytes, 0);
        else
            Array.Fill(bytes, (byte)0x5A, 4096, bytes.Length - 4096);
        await File.WriteAllBytesAsync(web.DatabasePath, bytes);
        SqliteConnection.ClearAllPools();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var database = report.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        var reason = database.GetProperty("description").GetString();
        Assert.NotNull(reason);
        Assert.DoesNotContain('\n', reason);
        Assert.Contains("damaged", reason, StringComparison.Ordinal);
        Assert.Contains(web.DatabasePath, reason, StringComparison.Ordinal);
    }
}

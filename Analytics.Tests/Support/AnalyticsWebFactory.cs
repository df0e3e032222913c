using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Support;

/// <summary>
/// The real web app over a real SQLite file in its own data folder, with a small demo organisation
/// seeded on first start and an in-process Hangfire server polling quickly.
/// </summary>
public sealed class AnalyticsWebFactory : WebApplicationFactory<Program>
{
    public AnalyticsWebFactory(string? dataFolder = null) =>
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "analytics-tests", $"web-{Guid.NewGuid():N}");

    public string DataFolder { get; }
    public string DatabasePath => Path.Combine(DataFolder, Domain.Persistence.DatabaseOptions.DefaultFileName);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:DataFolder", DataFolder);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Employees", "60");
        builder.UseSetting("Demo:Months", "3");
        builder.UseSetting("Jobs:PollingInterval", "00:00:00.200");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

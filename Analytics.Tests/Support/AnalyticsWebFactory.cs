using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Support;

/// <summary>
/// The real web app over a real SQLite file in its own data folder, with a small demo organisation
/// seeded on first start and an in-process Hangfire server polling quickly.
/// </summary>
public sealed class AnalyticsWebFactory : WebApplicationFactory<Program>
{
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="dataFolder">An existing data folder to start on (default: a new empty one).</param>
    /// <param name="configure">Settings or services on top of the test defaults (e.g. the product's own sign-in rate limit, a log capture).</param>
    public AnalyticsWebFactory(string? dataFolder = null, Action<IWebHostBuilder>? configure = null)
    {
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "analytics-tests", $"web-{Guid.NewGuid():N}");
        _configure = configure;
    }

    /// <summary>PBKDF2 iterations of the test hosts' password hashes (Identity's default: 100,000).</summary>
    public const int TestPasswordIterations = 1_000;

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
        // No month close or report appears behind a test's back (MonthCatchUpTests turn it on in their own host).
        builder.UseSetting("Jobs:CatchUpOnStart", "false");
        // Nor does the demo close months at start (DemoMonthsTests turn it on in their own host).
        builder.UseSetting("Demo:ClosedMonths", "0");
        // And its sources stay of kind "demo" unless a test asks for the sample exports (DemoExportsTests).
        builder.UseSetting("Demo:SampleExports", "false");
        // Tests sign in hundreds of times from one address; the limit itself is tested with its default.
        builder.UseSetting("Access:SignInPostsPerMinute", "100000");
        // Identity's PBKDF2 default (100,000 iterations of HMAC-SHA512, about 60 ms of CPU each here) was paid by every
        // seeded demo account of every host and every sign-in of every test (ADR 2033). The hash format keeps its
        // iteration count, so hashing and verification stay the product's code; production keeps the default.
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordIterations));
        _configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

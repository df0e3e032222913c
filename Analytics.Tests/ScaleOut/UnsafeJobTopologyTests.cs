using Analytics.Tests.Reliability;
using Analytics.Tests.Support;

namespace Analytics.Tests.ScaleOut;

/// <summary>Mixes of settings under which jobs would run in every process or in none stop the process at start (ADR 1502).</summary>
public sealed class UnsafeJobTopologyTests : IDisposable
{
    private readonly ScratchFolder _folder = new("topology");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_web_app_refuses_in_memory_job_storage_with_a_SQL_Server_database()
    {
        await using var web = new AnalyticsWebFactory(configure: b =>
        {
            b.UseSetting("Database:Provider", "SqlServer");
            b.UseSetting("Database:ConnectionString", "Server=127.0.0.1,1;Database=never;User Id=x;Password=y;TrustServerCertificate=true");
        });
        var refused = Assert.Throws<InvalidOperationException>(() => web.CreateClient());
        Assert.Contains("Jobs:Storage is InMemory but Database:Provider is SqlServer", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_app_refuses_to_run_without_a_job_server_over_in_memory_job_storage()
    {
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("Jobs:RunServerInWebApp", "false"));
        var refused = Assert.Throws<InvalidOperationException>(() => web.CreateClient());
        Assert.Contains("Jobs:RunServerInWebApp is false with Jobs:Storage InMemory", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_refuses_in_memory_job_storage_as_a_second_job_server()
    {
        var (exit, _, error) = await InProcessCli.RunAsync("worker", "--db", _folder.File("analytics.db"));
        Assert.Equal(2, exit);
        Assert.Contains("Jobs:Storage is InMemory", error, StringComparison.Ordinal);
        Assert.Contains("second job server", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_refuses_in_memory_job_storage_with_a_SQL_Server_database()
    {
        var (exit, _, error) = await InProcessCli.RunAsync("worker", "--provider", "SqlServer",
            "--db", "Server=127.0.0.1,1;Database=never;User Id=x;Password=y;TrustServerCertificate=true");
        Assert.Equal(2, exit);
        Assert.Contains("Jobs:Storage is InMemory but Database:Provider is SqlServer", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_refuses_a_worker_count_out_of_range()
    {
        var (exit, _, error) = await InProcessCli.RunAsync(new Dictionary<string, string> { ["Jobs__Storage"] = "SqlServer" },
            "worker", "--workers", "0", "--db", _folder.File("analytics.db"));
        Assert.Equal(2, exit);
        Assert.Contains("--workers must be between 1 and 64", error, StringComparison.Ordinal);
    }
}

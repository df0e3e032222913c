using System.Diagnostics;
using Analytics.Domain.Persistence;
using Analytics.Tests.Reliability;
using Analytics.Tests.Support;

namespace Analytics.Tests.SqlServer;

/// <summary>
/// Opt-in (ANALYTICS_SQLSERVER): the real `analytics worker` process stops gracefully on SIGTERM, as an orchestrator
/// stops it (issue 15 part 1). It cannot run on the embedded setup: a worker refuses in-memory job storage (ADR 1502),
/// and the only shared job storage the product supports is SQL Server (ADR 1504).
/// </summary>
public sealed class SqlServerWorkerProcessTests : IDisposable
{
    private readonly ScratchFolder _folder = new("worker");

    public void Dispose() => _folder.Dispose();

    [SqlServerFact]
    public async Task A_worker_stops_on_SIGTERM_within_its_shutdown_timeout_and_removes_its_health_file()
    {
        await using var database = await ScratchSqlServerDatabase.CreateAsync();
        await using (var db = DatabaseRegistration.CreateContext(DatabaseProvider.SqlServer, database.ConnectionString))
            await new DatabaseInitializer(db).MigrateAsync(CancellationToken.None);
        var health = _folder.File("worker.health");
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = nameof(DatabaseProvider.SqlServer),
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Jobs__Storage"] = "SqlServer",
        };

        using var worker = CliProcess.Start(environment, "worker", "--health-file", health, "--health-interval", "1", "--shutdown-timeout", "15");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(health) && DateTime.UtcNow < deadline)
            await Task.Delay(250);
        Assert.True(File.Exists(health), $"no health file within two minutes. Error: {worker.Error}");

        var stopping = Stopwatch.StartNew();
        worker.Terminate();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == 0, $"exit {exit} after SIGTERM: {worker.Error}");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(45), $"stopped after {stopping.Elapsed}, beyond the 15 s shutdown timeout and start-up slack");
        Assert.False(File.Exists(health), "the health file outlived the worker: an orchestrator would think it alive");
    }
}

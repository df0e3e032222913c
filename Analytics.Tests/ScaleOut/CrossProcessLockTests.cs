using System.Globalization;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Jobs.Ingestion.Scheduling;
using Analytics.Jobs.Retention;
using Analytics.Tests.Reliability;
using Analytics.Tests.Support;
using Xunit.Abstractions;

namespace Analytics.Tests.ScaleOut;

/// <summary>
/// The locks in the analytics database (ADR 1503) hold between real processes: the real command line against a lock
/// held by this test process or by another command line, and a holder killed with SIGKILL whose lock frees itself
/// within one lease.
/// </summary>
public sealed class CrossProcessLockTests(ITestOutputHelper log) : IDisposable
{
    // Large enough that the import outlives process start-up and a few polls on a quiet machine (20,000 rows once
    // finished before the test saw two batches).
    private const int ImportRows = 60_000;
    private const int BatchSize = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> ShortWait = new() { ["Jobs__LockTimeout"] = "00:00:01", ["Ingestion__SourceLockTimeout"] = "00:00:01" };

    private readonly ScratchFolder _folder = new("locks");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(Aggregator.LockName, "aggregate")]
    [InlineData(Aggregator.LockName, "close-month")]
    [InlineData(RetentionPurger.LockName, "purge")]
    public async Task A_command_waits_for_a_lock_another_process_holds_and_gives_up_naming_it(string lockName, string verb)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var context = database.CreateContext();
        string[] args = verb == "close-month" ? [verb, "--period", "2020-01", "--db", database.Path] : [verb, "--db", database.Path];

        await using (await DatabaseLock.Over(context).AcquireAsync(lockName, TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            var (exit, _, error) = await CliProcess.RunAsync(ShortWait, args);
            Assert.True(exit == 5, $"exit {exit}: {error}");
            Assert.Contains($"The lock '{lockName}' is held by", error, StringComparison.Ordinal);
        }

        var after = await InProcessCli.RunAsync(ShortWait, args);
        Assert.True(after.Exit == 0, $"exit {after.Exit} once the lock was released: {after.Error}");
    }

    [Fact]
    public async Task An_import_waits_for_the_lock_of_its_source_held_by_another_process_and_leaves_that_run_alone()
    {
        var file = _folder.File("activities.csv");
        await new ActivityFileGenerator(2_000, seed: 15).WriteCsvAsync(file, CancellationToken.None);
        await using var database = await TestDatabase.CreateAsync();
        string[] import = ["import", "activity-csv", file, "--source", "files", "--db", database.Path];
        var first = await InProcessCli.RunAsync(import);
        Assert.True(first.Exit == 0, first.Error);
        var sourceId = await DatabaseState.ScalarAsync(database.Path, "SELECT \"Id\" FROM \"SourceSystems\" WHERE \"Name\" = 'files'");
        var runsBefore = await DatabaseState.TableAsync(database.Path, "SyncRuns");

        await using var context = database.CreateContext();
        await using (await DatabaseLock.Over(context).AcquireAsync(SourceLock.Name((int)sourceId), TimeSpan.FromSeconds(5), CancellationToken.None))
        {
            var (exit, output, error) = await CliProcess.RunAsync(ShortWait, [.. import, "--from-start"]);
            Assert.True(exit == 5, $"exit {exit}: {output} {error}");
            Assert.Contains($"The lock 'sync:{sourceId}' is held by", error, StringComparison.Ordinal);
            Assert.Equal(runsBefore, await DatabaseState.TableAsync(database.Path, "SyncRuns"));
        }

        var after = await InProcessCli.RunAsync(ShortWait, [.. import, "--from-start"]);
        Assert.True(after.Exit == 0, $"exit {after.Exit} once the lock was released: {after.Error}");
    }

    [Fact]
    public async Task An_import_killed_while_holding_its_source_lock_frees_it_within_one_lease_and_the_rerun_equals_an_uninterrupted_import()
    {
        var file = _folder.File("activities.csv");
        await new ActivityFileGenerator(ImportRows, seed: 15).WriteCsvAsync(file, CancellationToken.None);
        await using var reference = await TestDatabase.CreateAsync();
        await using var killed = await TestDatabase.CreateAsync();
        string[] Import(TestDatabase db) => ["import", "activity-csv", file, "--source", "files", "--db", db.Path];
        var settings = new Dictionary<string, string>
        {
            ["Ingestion__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["Jobs__LockLease"] = "00:00:03",
        };

        var uninterrupted = await InProcessCli.RunAsync(settings, Import(reference));
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);

        using (var holder = CliProcess.Start(settings, Import(killed)))
        {
            var running = await holder.WaitUntilAsync(async () =>
                await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Activities\"") >= 2 * BatchSize, Patience);
            Assert.True(running, "the import finished before it could be killed half-way. " + holder.Error);
            await holder.KillAsync();
        }

        var atKill = await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Activities\"");
        log.WriteLine($"killed the holder with {atKill} activities committed");
        Assert.InRange(atKill, 2 * BatchSize, ImportRows - 1);
        // The killed holder never released its lease: the row stays until it expires (3 s), and the rerun waits for that.
        Assert.Equal(1, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"LockLeases\""));
        var resumed = await InProcessCli.RunAsync(new Dictionary<string, string>(settings) { ["Ingestion__SourceLockTimeout"] = "00:01:00" }, Import(killed));
        Assert.True(resumed.Exit == 0, resumed.Error);

        Assert.Equal(await DatabaseState.ActivitiesAsync(reference.Path), await DatabaseState.ActivitiesAsync(killed.Path));
        Assert.Equal(0, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"LockLeases\""));
    }
}

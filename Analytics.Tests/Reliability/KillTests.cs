using System.Diagnostics;
using System.Globalization;
using System.Text;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Analytics.Tests.Reliability;

/// <summary>
/// The real command line, killed with SIGKILL at a point found by watching the database, then run again,
/// ends in the same state as one uninterrupted run (docs/reliability.md, "Faults").
/// </summary>
public sealed class KillTests(ITestOutputHelper log) : IDisposable
{
    private const int ImportRows = 20_000;
    private const int BatchSize = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> SmallBatches = new() { ["Ingestion__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture) };

    private readonly ScratchFolder _folder = new("kill");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_import_killed_after_a_committed_batch_then_rerun_equals_an_uninterrupted_import()
    {
        var file = _folder.File("activities.csv");
        await new ActivityFileGenerator(ImportRows, seed: 11).WriteCsvAsync(file, CancellationToken.None);
        await using var reference = await TestDatabase.CreateAsync();
        await using var killed = await TestDatabase.CreateAsync();
        string[] Import(TestDatabase db) => ["import", "activity-csv", file, "--source", "files", "--db", db.Path];

        var watch = Stopwatch.StartNew();
        var uninterrupted = await InProcessCli.RunAsync(SmallBatches, Import(reference));
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);
        log.WriteLine($"uninterrupted import of {ImportRows} rows: {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        using (var first = CliProcess.Start(SmallBatches, Import(killed)))
        {
            // Kill once the run has committed at least two batches, whatever the machine's speed.
            var reached = await first.WaitUntilAsync(async () => await RunningInsertedAsync(killed) >= 2 * BatchSize, Patience);
            Assert.True(reached, "the import finished before two batches were seen committed; it cannot be killed half-way. " + first.Error);
            await first.KillAsync();
        }

        var atKill = await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Activities\"");
        var cursorAtKill = FileCursor.Parse(await DatabaseState.CursorAsync(killed.Path));
        log.WriteLine($"killed after {watch.Elapsed.TotalSeconds:0.0} s with {atKill} activities committed, cursor line {cursorAtKill?.Line}");
        Assert.InRange(atKill, 2 * BatchSize, ImportRows - 1);
        Assert.Equal(0, atKill % BatchSize);
        // The cursor is exactly at the last committed row (line 1 is the header): never ahead, never behind.
        Assert.NotNull(cursorAtKill);
        Assert.Equal(atKill + 1, cursorAtKill.Value.Line);
        await using (var db = killed.CreateContext())
        {
            var run = await db.SyncRuns.AsNoTracking().SingleAsync();
            Assert.Equal(SyncRunStatus.Running, run.Status);
            Assert.Equal(atKill, run.Inserted);
        }

        watch.Restart();
        var rerun = await InProcessCli.RunAsync(SmallBatches, Import(killed));
        Assert.True(rerun.Exit == 0, rerun.Error);
        log.WriteLine($"rerun: {watch.Elapsed.TotalSeconds:0.0} s; {rerun.Output.Trim()}");
        Assert.Contains($"inserted {ImportRows - atKill}, duplicates 0, rejected 0", rerun.Output, StringComparison.Ordinal);

        Assert.Equal(await DatabaseState.ActivitiesAsync(reference.Path), await DatabaseState.ActivitiesAsync(killed.Path));
        Assert.Equal(await DatabaseState.AccountsAsync(reference.Path), await DatabaseState.AccountsAsync(killed.Path));
        Assert.Equal(await DatabaseState.ItemsAsync(reference.Path), await DatabaseState.ItemsAsync(killed.Path));
        Assert.Equal(await DatabaseState.DirtyDaysAsync(reference.Path), await DatabaseState.DirtyDaysAsync(killed.Path));
        Assert.Equal(await DatabaseState.CursorAsync(reference.Path), await DatabaseState.CursorAsync(killed.Path));
        Assert.Equal(ImportRows, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Activities\""));
        Assert.Equal(ImportRows, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(DISTINCT \"SourceEventId\") FROM \"Activities\""));
        await using (var db = killed.CreateContext())
        {
            var runs = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal([SyncRunStatus.Failed, SyncRunStatus.Succeeded], runs.Select(r => r.Status));
            Assert.StartsWith("Interrupted", runs[0].Error, StringComparison.Ordinal);
            Assert.Equal(ImportRows, runs.Sum(r => r.Inserted));
        }
    }

    [Fact]
    public async Task An_hr_directory_import_killed_after_committed_batches_then_rerun_equals_an_uninterrupted_import()
    {
        const int rows = 12_000;
        const int batch = 500;
        var settings = new Dictionary<string, string> { ["Ingestion__HrDirectoryBatchSize"] = batch.ToString(CultureInfo.InvariantCulture) };
        var file = _folder.File("hr.csv");
        await new HrDirectoryFileGenerator(rows).WriteCsvAsync(file, CancellationToken.None);
        await using var reference = await TestDatabase.CreateAsync();
        await using var killed = await TestDatabase.CreateAsync();
        string[] Import(TestDatabase db) => ["import", "hr-directory", file, "--source", "hr", "--db", db.Path];

        var watch = Stopwatch.StartNew();
        var uninterrupted = await InProcessCli.RunAsync(settings, Import(reference));
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);
        log.WriteLine($"uninterrupted HR import of {rows} rows: {watch.Elapsed.TotalSeconds:0.0} s; {uninterrupted.Output.Trim()}");

        watch.Restart();
        using (var first = CliProcess.Start(settings, Import(killed)))
        {
            var reached = await first.WaitUntilAsync(async () => await RunningInsertedAsync(killed) >= 2 * batch, Patience);
            Assert.True(reached, "the import finished before two batches were seen committed; it cannot be killed half-way. " + first.Error);
            await first.KillAsync();
        }

        var employeesAtKill = await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Employees\"");
        log.WriteLine($"killed after {watch.Elapsed.TotalSeconds:0.0} s with {employeesAtKill} employees committed");
        // Whole batches or nothing: every committed employee has its assignment, the count is a multiple of the batch,
        // and the cursor names exactly the rows committed.
        Assert.InRange(employeesAtKill, 2 * batch, rows - 1);
        Assert.Equal(0, employeesAtKill % batch);
        Assert.Equal(employeesAtKill, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(DISTINCT \"EmployeeId\") FROM \"OrgAssignments\""));
        Assert.EndsWith($":{employeesAtKill}", await DatabaseState.CursorAsync(killed.Path), StringComparison.Ordinal);
        Assert.Equal(0, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"Rejections\""));

        var rerun = await InProcessCli.RunAsync(settings, Import(killed));
        Assert.True(rerun.Exit == 0, rerun.Error);
        log.WriteLine($"rerun: {rerun.Output.Trim()}");
        Assert.Contains($"read {rows - employeesAtKill}, inserted {rows - employeesAtKill}, duplicates 0, rejected 0", rerun.Output, StringComparison.Ordinal);

        foreach (var query in new[]
        {
            "SELECT \"EmployeeNumber\", \"DisplayName\", \"Email\", \"Location\", \"HireDate\", \"LeaveDate\" FROM \"Employees\" ORDER BY \"EmployeeNumber\"",
            "SELECT e.\"EmployeeNumber\", a.\"Email\" FROM \"EmployeeAliases\" a JOIN \"Employees\" e ON e.\"Id\" = a.\"EmployeeId\" ORDER BY 1, 2",
            "SELECT d.\"Code\", d.\"Name\", d.\"Depth\", p.\"Code\" FROM \"Departments\" d LEFT JOIN \"Departments\" p ON p.\"Id\" = d.\"ParentId\" ORDER BY 1",
            "SELECT e.\"EmployeeNumber\", d.\"Code\", m.\"EmployeeNumber\", a.\"ValidFrom\", a.\"ValidTo\" FROM \"OrgAssignments\" a JOIN \"Employees\" e ON e.\"Id\" = a.\"EmployeeId\" "
                + "JOIN \"Departments\" d ON d.\"Id\" = a.\"DepartmentId\" LEFT JOIN \"Employees\" m ON m.\"Id\" = a.\"ManagerId\" ORDER BY 1, 4",
        })
        {
            Assert.Equal(await DatabaseState.RowsAsync(reference.Path, query), await DatabaseState.RowsAsync(killed.Path, query));
        }

        Assert.Equal(rows, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"OrgAssignments\""));
        Assert.Null(await DatabaseState.CursorAsync(killed.Path));
        await using (var db = killed.CreateContext())
        {
            var runs = await db.SyncRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal([SyncRunStatus.Failed, SyncRunStatus.Succeeded], runs.Select(r => r.Status));
            Assert.StartsWith("Interrupted", runs[0].Error, StringComparison.Ordinal);
            Assert.Equal(rows, runs.Sum(r => r.Inserted));
        }
    }

    [Fact]
    public async Task An_aggregation_killed_half_way_then_rerun_equals_an_uninterrupted_aggregation()
    {
        var source = await ImportedDatabaseAsync(_folder);
        await using var reference = await CopyAsync(source);
        await using var killed = await CopyAsync(source);
        var days = await DatabaseState.ScalarAsync(source, "SELECT COUNT(*) FROM \"DirtyDays\"");

        // One day per transaction (the bulk path's smallest size, ADR 2051), so there is a half-way to kill at: in 2-s
        // transactions the 45 days are three commits.
        var settings = new Dictionary<string, string> { ["Jobs__AggregationTransaction"] = "00:00:00" };
        var watch = Stopwatch.StartNew();
        var uninterrupted = await InProcessCli.RunAsync("aggregate", "--full", "--db", reference.Path);
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);
        log.WriteLine($"uninterrupted aggregate --full of {days} days: {watch.Elapsed.TotalSeconds:0.0} s; {uninterrupted.Output.Trim()}");

        watch.Restart();
        using (var first = CliProcess.Start(settings, "aggregate", "--full", "--db", killed.Path))
        {
            // Each day commits on its own and clears its mark: kill when about half the days are done, the process paused
            // while the marks are counted, so that it cannot commit more days between the count and the kill.
            var paused = await DatabaseState.PauseWhenAsync([first], killed.Path, "SELECT COUNT(*) FROM \"DirtyDays\"", days / 2, Patience);
            Assert.True(paused, "the aggregation finished before half of the days were seen done. " + first.Error);
            await first.KillAsync();
        }

        var left = await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"DirtyDays\"");
        var done = await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(DISTINCT \"Day\") FROM \"DailyPersonMetrics\"");
        log.WriteLine($"killed after {watch.Elapsed.TotalSeconds:0.0} s with {left} of {days} days still marked, {done} days aggregated");
        Assert.InRange(left, 1, days - 1);
        // Every day is either aggregated or still marked: none is lost between the two.
        Assert.Equal(days, left + done);

        // The plain incremental run must finish the job from the marks alone.
        watch.Restart();
        var rerun = await InProcessCli.RunAsync(settings, "aggregate", "--db", killed.Path);
        Assert.True(rerun.Exit == 0, rerun.Error);
        log.WriteLine($"rerun (incremental): {watch.Elapsed.TotalSeconds:0.0} s; {rerun.Output.Trim()}");

        foreach (var table in new[] { "DailyPersonMetrics", "DailyFlows", "DailyPairReuses", "PointsEntries", "BadgeAwards" })
            Assert.Equal(await DatabaseState.TableAsync(reference.Path, table), await DatabaseState.TableAsync(killed.Path, table));
        Assert.Equal(0, await DatabaseState.ScalarAsync(killed.Path, "SELECT COUNT(*) FROM \"DirtyDays\""));
        Assert.True(await DatabaseState.ScalarAsync(reference.Path, "SELECT COUNT(*) FROM \"DailyFlows\"") > 0, "the data set should have cross-department flows");

        var expected = await InProcessCli.RunAsync("leaderboard", "--period", "2025-01", "--json", "--db", reference.Path);
        var actual = await InProcessCli.RunAsync("leaderboard", "--period", "2025-01", "--json", "--db", killed.Path);
        Assert.True(expected.Exit == 0, expected.Error);
        Assert.Contains("\"points\"", expected.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(expected.Output, actual.Output);
    }

    private static async Task<long> RunningInsertedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.SyncRuns.Where(r => r.Status == SyncRunStatus.Running).Select(r => r.Inserted).FirstOrDefaultAsync();
    }

    /// <summary>
    /// An HR directory for the generator's people in four departments (so that there is knowledge flow) and the
    /// first 45 days of a generated file, imported and not yet aggregated; returned as a checkpointed file. Shared with
    /// the multi-process tests (ScaleOut/MultiProcessTests).
    /// </summary>
    internal static async Task<string> ImportedDatabaseAsync(ScratchFolder folder)
    {
        var generator = new ActivityFileGenerator(60_000, seed: 5);
        var full = folder.File("year.csv");
        await generator.WriteCsvAsync(full, CancellationToken.None);
        // The generator spreads its rows evenly over a year; 45 days keep the test short on a shared machine.
        var activities = folder.File("activities.csv");
        await File.WriteAllLinesAsync(activities, File.ReadLines(full).Take(1 + (60_000 * 45 / 365)));

        var hr = new StringBuilder("employee_id,name,email,aliases,department,manager_id,location,hire_date,leave_date,effective_date\n");
        for (var person = 0; person < generator.People; person++)
            hr.Append(CultureInfo.InvariantCulture, $"E{person},Person {person},{ActivityFileGenerator.ActorKey(person)},,Company/Unit{person % 4},,,2020-01-01,,\n");
        var directory = folder.File("hr.csv");
        await File.WriteAllTextAsync(directory, hr.ToString());

        var path = folder.File("imported.db");
        foreach (var args in new[] { new[] { "import", "hr-directory", directory, "--source", "hr" }, ["import", "activity-csv", activities, "--source", "files"] })
        {
            var result = await InProcessCli.RunAsync([.. args, "--db", path]);
            Assert.True(result.Exit == 0, result.Error);
        }

        await DatabaseState.CheckpointAsync(path);
        return path;
    }

    internal static async Task<TestDatabase> CopyAsync(string path)
    {
        var copy = await TestDatabase.CreateAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
            File.Delete(copy.Path + suffix);
        File.Copy(path, copy.Path, overwrite: true);
        return copy;
    }
}

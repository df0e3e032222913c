using System.Diagnostics;
using System.Globalization;
using Analytics.Jobs.Cli;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Analytics.Tests.Reliability;

/// <summary>
/// A database held by another writer, a folder that cannot exist, a read-only file: the real command line
/// waits or stops with one clear line and a non-zero exit code, and never moves a cursor past committed rows.
/// </summary>
public sealed class UnavailableDatabaseTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    // Enough rows that the import is still running when the lock is taken after its first batch, even on a quiet machine.
    private const int Rows = 100_000;
    private const int BatchSize = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly Dictionary<string, string> SmallBatches = new() { ["Ingestion__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture) };

    private readonly ScratchFolder _folder = new("locked");
    private string File => _folder.File("activities.csv");

    public Task InitializeAsync() => new ActivityFileGenerator(Rows, seed: 13).WriteCsvAsync(File, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_import_waits_for_an_exclusive_lock_and_completes_once_it_is_released()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var import = CliProcess.Start(SmallBatches, "import", "activity-csv", File, "--source", "files", "--db", database.Path);
        Assert.True(await import.WaitUntilAsync(async () => await CommittedAsync(database.Path) >= BatchSize, Patience), import.Error);

        long held;
        await using (var blocker = await ExclusiveLockAsync(database.Path))
        {
            held = await CommittedAsync(database.Path);
            // Several batches' worth of time: the import reaches its next commit and has to wait for the lock.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.False(import.HasExited, import.Error);
            Assert.Equal(held, await CommittedAsync(database.Path));
            await AssertCursorAtCommittedRowsAsync(database.Path);
            using var release = blocker.CreateCommand();
            release.CommandText = "COMMIT";
            release.ExecuteNonQuery();
        }

        Assert.Equal(0, await import.WaitForExitAsync(Patience));
        log.WriteLine($"lock taken with {held} rows committed, held 5 s; the import then finished: {import.Output.Trim()}");
        Assert.Equal(Rows, await DatabaseState.ScalarAsync(database.Path, "SELECT COUNT(*) FROM \"Activities\""));
        Assert.Equal(Rows + 1, FileCursor.Parse(await DatabaseState.CursorAsync(database.Path))!.Value.Line);
    }

    [Fact]
    public async Task An_import_locked_out_longer_than_the_busy_timeout_fails_naming_the_lock_and_keeps_its_cursor_at_committed_rows()
    {
        await using var database = await TestDatabase.CreateAsync();
        // A short busy timeout (Microsoft.Data.Sqlite's default is 30 s) keeps the test short; the behaviour is the same.
        var connection = $"Data Source={database.Path};Default Timeout=2";
        using var import = CliProcess.Start(SmallBatches, "import", "activity-csv", File, "--source", "files", "--db", connection);
        Assert.True(await import.WaitUntilAsync(async () => await CommittedAsync(database.Path) >= BatchSize, Patience), import.Error);

        int exit;
        long committed;
        await using (await ExclusiveLockAsync(database.Path))
        {
            committed = await CommittedAsync(database.Path);
            exit = await import.WaitForExitAsync(Patience);
            Assert.Equal(committed, await CommittedAsync(database.Path));
        }

        log.WriteLine($"lock taken with {committed} rows committed and never released: exit {exit}; {import.Error.Trim()}");
        Assert.Equal(CliHost.DatabaseUnavailable, exit);
        Assert.Contains("database is locked", import.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", import.Error, StringComparison.Ordinal);
        await AssertCursorAtCommittedRowsAsync(database.Path);

        var rerun = await InProcessCli.RunAsync(SmallBatches, "import", "activity-csv", File, "--source", "files", "--db", database.Path);
        Assert.True(rerun.Exit == 0, rerun.Error);
        Assert.Contains($"inserted {Rows - committed}, duplicates 0", rerun.Output, StringComparison.Ordinal);
        Assert.Equal(Rows, await DatabaseState.ScalarAsync(database.Path, "SELECT COUNT(DISTINCT \"SourceEventId\") FROM \"Activities\""));
    }

    [Fact]
    public async Task A_database_folder_that_cannot_be_created_is_a_clear_error_and_nothing_is_written()
    {
        // A regular file where a folder of the path should be: no user, root included, can create it.
        var blocker = _folder.File("not-a-folder");
        await System.IO.File.WriteAllTextAsync(blocker, "x");
        var path = Path.Combine(blocker, "data", "analytics.db");

        var result = await InProcessCli.RunAsync("import", "activity-csv", File, "--source", "files", "--db", path);

        Assert.Equal(CliHost.DatabaseUnavailable, result.Exit);
        Assert.Contains("Cannot create the database folder", result.Error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(blocker, "data"), result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal("x", await System.IO.File.ReadAllTextAsync(blocker));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_read_only_database_file_is_a_clear_error_and_is_left_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        await DatabaseState.CheckpointAsync(database.Path);
        var before = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await System.IO.File.ReadAllBytesAsync(database.Path)));
        System.IO.File.SetUnixFileMode(database.Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        // Root ignores permission bits; the immutable attribute is what makes a file read-only for root too.
        var root = Environment.UserName == "root";
        if (root)
            await RunAsync("chattr", "+i", database.Path);
        try
        {
            var result = await InProcessCli.RunAsync("import", "activity-csv", File, "--source", "files", "--db", database.Path);

            log.WriteLine($"exit {result.Exit}: {result.Error.Trim()}");
            Assert.Equal(CliHost.DatabaseUnavailable, result.Exit);
            Assert.Contains("read-only", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (root)
                await RunAsync("chattr", "-i", database.Path);
            System.IO.File.SetUnixFileMode(database.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Equal(before, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(await System.IO.File.ReadAllBytesAsync(database.Path))));
        Assert.Equal(0, await DatabaseState.ScalarAsync(database.Path, "SELECT COUNT(*) FROM \"SourceSystems\""));
    }

    private static async Task<long> CommittedAsync(string path) => await DatabaseState.ScalarAsync(path, "SELECT COUNT(*) FROM \"Activities\"");

    /// <summary>The cursor is at the last committed row (line 1 is the header), whatever happened to the run.</summary>
    private static async Task AssertCursorAtCommittedRowsAsync(string path)
    {
        var cursor = FileCursor.Parse(await DatabaseState.CursorAsync(path));
        Assert.NotNull(cursor);
        Assert.Equal(await CommittedAsync(path) + 1, cursor.Value.Line);
    }

    /// <summary>Another connection holding SQLite's exclusive write lock until it is disposed (which rolls back) or commits.</summary>
    private static async Task<SqliteConnection> ExclusiveLockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {await process.StandardError.ReadToEndAsync()}");
    }
}

using System.Text.RegularExpressions;
using Analytics.Jobs.Bench;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Cli;

/// <summary>
/// The benchmark machinery on a tiny database: `bench database` builds and then reuses it, `bench web` starts the real
/// web app on it, signs in and prints a row per target. No timing is asserted; figures belong in BENCHMARKS.md.
/// </summary>
public sealed class BenchWebCliTests : IAsyncLifetime
{
    private static readonly string[] Tiny = ["--activities", "20000", "--people", "60", "--days", "70"];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"bench-web-{Guid.NewGuid():N}");
    private string DatabasePath => Path.Combine(_folder, "bench.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Bench_database_is_built_once_then_bench_web_measures_every_target_on_it()
    {
        var (built, buildOutput) = await RunAsync(["bench", "database", "--out", DatabasePath, .. Tiny]);
        Assert.Equal(0, built);
        Assert.Contains("Aggregated: 70 days", buildOutput, StringComparison.Ordinal);
        await using (var db = Analytics.Domain.Persistence.DatabaseRegistration.CreateContext(
                         Analytics.Domain.Persistence.DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False"))
        {
            Assert.Equal(20_000, await db.Activities.CountAsync());
            Assert.Equal(1, await db.MonthCloses.CountAsync());
            // The closed month's report is stored, as the month-close job stores it: a web app started on the file has no
            // month to catch up beside the requests it measures.
            var closed = (await db.MonthCloses.Select(m => m.Month).SingleAsync()).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([closed], await db.StoredReports.Select(r => r.Period).ToListAsync());
            Assert.Contains($"Stored the report of {closed} (version 1)", buildOutput, StringComparison.Ordinal);
            Assert.True(await db.MonthlySnapshots.AnyAsync());
            Assert.True(await db.Users.AnyAsync(u => u.UserName == BenchDatabase.UserName));
        }

        var (web, webOutput) = await RunAsync(["bench", "web", "--db", DatabasePath, "--duration", "2", "--clients", "2", .. Tiny]);

        Assert.Equal(0, web);
        Assert.Contains("Reusing " + DatabasePath, webOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("History:", webOutput, StringComparison.Ordinal);
        var rows = webOutput.Split('\n').Where(l => l.StartsWith("  static ", StringComparison.Ordinal) || l.StartsWith("  overview ", StringComparison.Ordinal)
            || l.StartsWith("  leaderboard ", StringComparison.Ordinal) || l.StartsWith("  profile ", StringComparison.Ordinal)
            || l.StartsWith("  experts ", StringComparison.Ordinal) || l.StartsWith("  topic ", StringComparison.Ordinal)
            || l.StartsWith("  practices ", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.Matches(@"^\s+\S+ \S+\s+[\d,]+\s+0\s", r));

        // --only measures the named targets and the static baseline, nothing else.
        var (some, someOutput) = await RunAsync(["bench", "web", "--db", DatabasePath, "--duration", "1", "--clients", "1", "--only", "overview", "profile", .. Tiny]);
        Assert.Equal(0, some);
        var measured = someOutput.Split('\n').Where(l => Regex.IsMatch(l, @"^  [a-z]+ /\S*\s+[\d,]+\s")).Select(l => l.Trim().Split(' ')[0]).Order().ToList();
        Assert.Equal(["overview", "profile", "static"], measured);
        // After the warm-up, each measured page once more per round after a change to the data: three latencies each.
        var afterNewData = Assert.Single(someOutput.Split('\n'), l => l.StartsWith("  first request after new data", StringComparison.Ordinal));
        Assert.Matches(@"profile [\d,]+ / [\d,]+ / [\d,]+ ms (met|MISSED), overview [\d,]+ / [\d,]+ / [\d,]+ ms (met|MISSED)\s*$", afterNewData);
    }

    [Fact]
    public async Task Touching_the_bench_database_is_a_change_another_connection_sees()
    {
        // The web app's cache holds figures per SQLite data_version of its own connection (SqliteDataVersion): the bench's
        // "after new data" requests are recomputations only if a touch moves that number, as a sync's commit does.
        await using var app = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await app.OpenAsync();
        async Task<long> DataVersionAsync()
        {
            await using var command = app.CreateCommand();
            command.CommandText = "PRAGMA data_version;";
            return (long)(await command.ExecuteScalarAsync())!;
        }

        var database = new BenchDatabaseInfo(DatabasePath, new DateOnly(2026, 1, 1), BenchDatabase.UserName, BenchDatabase.Password, 1);
        await BenchDatabase.TouchAsync(database, CancellationToken.None);
        var before = await DataVersionAsync();
        await BenchDatabase.TouchAsync(database, CancellationToken.None);
        var after = await DataVersionAsync();
        await BenchDatabase.TouchAsync(database, CancellationToken.None);

        Assert.NotEqual(before, after);
        Assert.NotEqual(after, await DataVersionAsync());
    }

    [Fact]
    public async Task Bench_database_refuses_a_file_built_with_other_parameters()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE BenchParameters (Name TEXT NOT NULL PRIMARY KEY, Value TEXT NOT NULL); INSERT INTO BenchParameters VALUES ('activities', '5');";
            await command.ExecuteNonQueryAsync();
        }

        var (exit, _, error) = await RunWithErrorAsync(["bench", "database", "--out", DatabasePath, .. Tiny]);

        Assert.Equal(2, exit);
        Assert.Contains("was built with other parameters (activities, days, people, seed, item-topics, qa-thread)", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var (exit, output, error) = await RunWithErrorAsync(args);
        return (exit, output + error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunWithErrorAsync(string[] args)
    {
        var run = await InProcessCli.RunAsync(args);
        return (run.Exit, run.Output, run.Error);
    }
}

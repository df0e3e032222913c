using System.CommandLine;
using Analytics.Jobs.Bench;
using Microsoft.Data.Sqlite;

namespace Analytics.Jobs.Cli;

/// <summary>
/// `analytics bench database`: builds and aggregates a benchmark database once and keeps it (reused when the file
/// exists with the same parameters). `bench web` and `bench load` take the same options and --db to share it.
/// </summary>
public static class BenchDatabaseCommand
{
    private static readonly string[] SqliteFileSuffixes = ["", "-wal", "-shm"];

    public static Command Create()
    {
        var spec = new SpecOptions();
        var output = new Option<string>("--out") { Description = "The database file to build, or to reuse if it was built with the same parameters.", Required = true };
        var command = new Command("database", "Build (once) an aggregated benchmark database with a frozen last month and an HR sign-in.") { output };
        spec.AddTo(command);
        command.SetAction((parse, ct) => RefusalsAsExitCodeAsync(async () =>
        {
            var info = await BenchDatabase.EnsureAsync(parse.GetValue(output)!, spec.Read(parse), Console.WriteLine, ct);
            await Console.Out.WriteLineAsync($"Ready: {info.Path} (history from {info.HistoryStart:yyyy-MM-dd}; sign in as {info.UserName}; most active person {info.ActivePersonId}).");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The benchmark database for a measuring verb: the --db file (built if missing, reused if it matches), or a
    /// temporary one built for this run and deleted by <paramref name="body"/>'s end.
    /// </summary>
    public static async Task<int> WithDatabaseAsync(ParseResult parse, SpecOptions spec, Func<BenchDatabaseInfo, Task<int>> body, CancellationToken ct)
    {
        var chosen = parse.GetValue(CliOptions.Database);
        var path = chosen ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}.db");
        try
        {
            BenchDatabaseInfo database;
            try
            {
                database = await BenchDatabase.EnsureAsync(path, spec.Read(parse), Console.WriteLine, ct);
            }
            catch (Exception e) when (e is BenchDatabaseRefusedException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            return await body(database);
        }
        finally
        {
            if (chosen is null)
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in SqliteFileSuffixes)
                    File.Delete(path + suffix);
            }
        }
    }

    private static async Task<int> RefusalsAsExitCodeAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is BenchDatabaseRefusedException or ArgumentException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    /// <summary>The parameters of the benchmark history, the same on every verb that builds or reuses one.</summary>
    public sealed class SpecOptions
    {
        private readonly Option<int> _activities = new("--activities") { Description = "Activities in the history.", DefaultValueFactory = _ => 5_000_000 };
        private readonly Option<int> _days = new("--days") { Description = "Days of history, ending yesterday.", DefaultValueFactory = _ => 330 };
        private readonly Option<int> _people = new("--people") { Description = "Employees (each with one account).", DefaultValueFactory = _ => 4_000 };
        private readonly Option<int> _seed = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 20261127 };

        public void AddTo(Command command)
        {
            command.Options.Add(_activities);
            command.Options.Add(_days);
            command.Options.Add(_people);
            command.Options.Add(_seed);
        }

        public BenchDatabaseSpec Read(ParseResult parse)
        {
            var spec = new BenchDatabaseSpec(parse.GetValue(_activities), parse.GetValue(_days), parse.GetValue(_people), parse.GetValue(_seed));
            if (spec.Activities < 1 || spec.Days is < 62 or > 3_650 || spec.People < 10)
                throw new ArgumentException("--activities must be positive, --days between 62 and 3650 (the last full month must be in the history), --people at least 10.");
            return spec;
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.Bench;

namespace Analytics.Jobs.Cli;

/// <summary>`analytics bench ...`: measurements that belong in BENCHMARKS.md, never in tests. Later benchmarks join as subcommands.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run a benchmark and print its figures.");
        command.Subcommands.Add(Ingest());
        command.Subcommands.Add(HrDirectory());
        command.Subcommands.Add(BenchAggregateCommand.Create());
        command.Subcommands.Add(BenchExportCommand.Create());
        command.Subcommands.Add(BenchDatabaseCommand.Create());
        command.Subcommands.Add(BenchWebCommand.Create());
        command.Subcommands.Add(BenchLoadCommand.Create());
        command.Subcommands.Add(BenchGrowthCommand.Create());
        return command;
    }

    private static Command Ingest()
    {
        var rows = new Option<int>("--rows") { Description = "Activities to generate and import.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the generated file.", DefaultValueFactory = _ => 42 };
        var batch = new Option<int>("--batch-size") { Description = "Records per transaction of the import.", DefaultValueFactory = _ => new IngestionOptions().BatchSize };
        var shuffled = new Option<bool>("--shuffled") { Description = "Random times instead of time order (the worst case for the time indexes)." };
        var repeat = new Option<int>("--repeat") { Description = "Rounds of import and baseline, in alternating order; the best time of each is reported.", DefaultValueFactory = _ => 1 };
        var folder = new Option<DirectoryInfo?>("--work-dir") { Description = "Where the file and the two databases go. Default: a new temporary folder, deleted afterwards." };
        var command = new Command("ingest", "Import a generated activity file into a fresh SQLite database and compare with a bare prepared INSERT.") { rows, seed, batch, shuffled, repeat, folder };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(rows);
            if (count is < 1 or > 100_000_000)
            {
                await Console.Error.WriteLineAsync("--rows must be between 1 and 100,000,000.");
                return 2;
            }

            var chosen = parse.GetValue(folder);
            var work = chosen?.FullName ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}");
            try
            {
                var result = await IngestBenchmark.RunAsync(count, parse.GetValue(seed), work, parse.GetValue(batch), !parse.GetValue(shuffled),
                    Math.Max(1, parse.GetValue(repeat)), Console.WriteLine, ct);
                var c = CultureInfo.InvariantCulture;
                var lines = new[]
                {
                    string.Create(c, $"bench ingest: {result.Rows:N0} rows ({(parse.GetValue(shuffled) ? "shuffled" : "in time order")}), seed {parse.GetValue(seed)}, batch size {parse.GetValue(batch):N0}, best of {Math.Max(1, parse.GetValue(repeat))}, {Environment.ProcessorCount} cores"),
                    string.Create(c, $"  import   (activity-csv connector, runner, SQLite bulk writer): {result.Import.Wall.TotalSeconds:N2} s, {result.ImportRowsPerSecond:N0} rows/s; {result.Import.Cpu.TotalSeconds:N2} CPU s, {result.ImportRowsPerCpuSecond:N0} rows/CPU s; {result.Inserted:N0} inserted"),
                    string.Create(c, $"  baseline (one prepared INSERT, one transaction):              {result.Baseline.Wall.TotalSeconds:N2} s, {result.BaselineRowsPerSecond:N0} rows/s; {result.Baseline.Cpu.TotalSeconds:N2} CPU s, {result.BaselineRowsPerCpuSecond:N0} rows/CPU s"),
                    string.Create(c, $"  ratio import/baseline: {result.Ratio:P1} of rows/s (target >= 50%); {result.CpuRatio:P1} of rows per CPU second"),
                };
                foreach (var line in lines)
                    await Console.Out.WriteLineAsync(line);
                return 0;
            }
            finally
            {
                if (chosen is null && Directory.Exists(work))
                    Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }

    private static Command HrDirectory()
    {
        var rows = new Option<int>("--rows") { Description = "Employees to generate and import (and activities to compare with).", DefaultValueFactory = _ => 40_000 };
        var repeat = new Option<int>("--repeat") { Description = "Rounds of both imports, in alternating order; the best time of each is reported.", DefaultValueFactory = _ => 2 };
        var folder = new Option<DirectoryInfo?>("--work-dir") { Description = "Where the files and databases go. Default: a new temporary folder, deleted afterwards." };
        var command = new Command("hr-directory", "Import a generated HR directory and as many generated activities, each into a fresh SQLite database, and compare rows/s.") { rows, repeat, folder };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(rows);
            if (count is < 10 or > 10_000_000)
            {
                await Console.Error.WriteLineAsync("--rows must be between 10 and 10,000,000.");
                return 2;
            }

            var chosen = parse.GetValue(folder);
            var work = chosen?.FullName ?? Path.Combine(Path.GetTempPath(), $"analytics-bench-{Guid.NewGuid():N}");
            try
            {
                var rounds = Math.Max(1, parse.GetValue(repeat));
                var (hr, activities) = await IngestBenchmark.RunHrDirectoryAsync(count, work, rounds, Console.WriteLine, ct);
                var c = CultureInfo.InvariantCulture;
                var hrRate = count / hr.Wall.TotalSeconds;
                var activityRate = count / activities.Wall.TotalSeconds;
                var lines = new[]
                {
                    string.Create(c, $"bench hr-directory: {count:N0} rows, HR batch size {new IngestionOptions().HrDirectoryBatchSize:N0}, activity batch size {new IngestionOptions().BatchSize:N0}, best of {rounds}, {Environment.ProcessorCount} cores"),
                    string.Create(c, $"  hr-directory import: {hr.Wall.TotalSeconds:N2} s, {hrRate:N0} rows/s; {hr.Cpu.TotalSeconds:N2} CPU s"),
                    string.Create(c, $"  activity-csv import: {activities.Wall.TotalSeconds:N2} s, {activityRate:N0} rows/s; {activities.Cpu.TotalSeconds:N2} CPU s"),
                    string.Create(c, $"  ratio hr/activity: {hrRate / activityRate:P1} of rows/s (target >= 50%)"),
                };
                foreach (var line in lines)
                    await Console.Out.WriteLineAsync(line);
                return 0;
            }
            finally
            {
                if (chosen is null && Directory.Exists(work))
                    Directory.Delete(work, recursive: true);
            }
        });
        return command;
    }
}

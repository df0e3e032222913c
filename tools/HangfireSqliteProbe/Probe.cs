using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Storage.SQLite;

namespace HangfireSqliteProbe;

/// <summary>The jobs: each execution appends one line (kind, index, start and end ticks, pid) to its process's file.</summary>
public static class ProbeJobs
{
    private static readonly Lock Gate = new();

    public static string Folder { get; set; } = "";

    [AutomaticRetry(Attempts = 0)]
    public static void Plain(int index) => Record("plain", index);

    /// <summary>Hangfire's storage lock (the one `[DisableConcurrentExecution]` takes in the product): executions must never overlap.</summary>
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public static void Locked(int index) => Record("locked", index);

    private static void Record(string kind, int index)
    {
        var start = DateTime.UtcNow.Ticks;
        Thread.Sleep(20);
        var end = DateTime.UtcNow.Ticks;
        lock (Gate)
            File.AppendAllText(Path.Combine(Folder, $"executions-{Environment.ProcessId}.txt"),
                string.Create(CultureInfo.InvariantCulture, $"{kind} {index} {start} {end} {Environment.ProcessId}\n"));
    }
}

public static class Probe
{
    private static void UseStorage(string folder) =>
        GlobalConfiguration.Configuration
            .UseSQLiteStorage(Path.Combine(folder, "hangfire.db"), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(100) })
            .UseColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Warn);

    public static async Task<int> RunAsync(string folder, int jobs, int workers, int servers)
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        UseStorage(folder);
        for (var i = 0; i < jobs; i++)
        {
            var index = i;
            if (i % 2 == 0)
                BackgroundJob.Enqueue(() => ProbeJobs.Plain(index));
            else
                BackgroundJob.Enqueue(() => ProbeJobs.Locked(index));
        }

        var clock = Stopwatch.StartNew();
        var children = Enumerable.Range(0, servers).Select(n => StartServer(folder, workers, n)).ToList();
        foreach (var child in children)
            await child.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;

        var executions = Directory.GetFiles(folder, "executions-*.txt").SelectMany(File.ReadLines)
            .Select(line => line.Split(' '))
            .Select(p => (Kind: p[0], Index: int.Parse(p[1], CultureInfo.InvariantCulture), Start: long.Parse(p[2], CultureInfo.InvariantCulture),
                End: long.Parse(p[3], CultureInfo.InvariantCulture), Pid: p[4]))
            .ToList();
        var perJob = executions.GroupBy(e => e.Index).ToDictionary(g => g.Key, g => g.Count());
        var doubles = perJob.Values.Sum(c => c - 1);
        var missing = Enumerable.Range(0, jobs).Count(i => !perJob.ContainsKey(i));
        var locked = executions.Where(e => e.Kind == "locked").OrderBy(e => e.Start).ToList();
        var overlaps = locked.Zip(locked.Skip(1)).Count(pair => pair.Second.Start < pair.First.End);
        var monitor = JobStorage.Current.GetMonitoringApi();
        var failed = monitor.FailedJobs(0, 1000);
        var failures = string.Join("; ", failed.GroupBy(f => f.Value.ExceptionType).Select(g => $"{g.Count()}x {g.Key}"));
        var logs = children.Sum(c => c.ErrorLines);
        var byServer = string.Join("/", executions.GroupBy(e => e.Pid).Select(g => g.Count()));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jobs {jobs} ({jobs - jobs / 2} plain, {jobs / 2} locked), {servers} servers x {workers} workers: {seconds:F1} s; executions {executions.Count} (per server {byServer}); "
            + $"double executions {doubles}; never executed {missing}; overlapping locked executions {overlaps}; "
            + $"succeeded {monitor.SucceededListCount()}, failed {monitor.FailedCount()}{(failures.Length > 0 ? $" ({failures})" : "")}, left enqueued {monitor.EnqueuedCount("default")}, processing {monitor.ProcessingCount()}; "
            + $"warning/error log lines {logs}"));
        foreach (var twice in executions.GroupBy(e => e.Index).Where(g => g.Count() > 1).Take(5))
            Console.WriteLine($"  executed {twice.Count()} times: {twice.First().Kind} job {twice.Key}, by processes {string.Join(",", twice.Select(e => e.Pid))}");
        foreach (var child in children)
            foreach (var line in child.Errors.Take(5))
                Console.WriteLine($"  server {child.Number}: {line}");
        return 0;
    }

    public static async Task<int> ServeAsync(string folder, int workers)
    {
        ProbeJobs.Folder = folder;
        UseStorage(folder);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            WorkerCount = workers,
            SchedulePollingInterval = TimeSpan.FromMilliseconds(100),
            ServerName = $"probe-{Environment.ProcessId}",
        });
        var monitor = JobStorage.Current.GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var quiet = 0;
        // Drained: nothing enqueued or processing for 2 s in a row (a locked job waiting for its lock counts as processing).
        while (quiet < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            quiet = monitor.EnqueuedCount("default") == 0 && monitor.ProcessingCount() == 0 ? quiet + 1 : 0;
        }

        return 0;
    }

    private static ServerChild StartServer(string folder, int workers, int number)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            start.ArgumentList.Add(typeof(Probe).Assembly.Location);
        foreach (var arg in new[] { "server", folder, workers.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        return new ServerChild(Process.Start(start) ?? throw new InvalidOperationException("the server process did not start"), number);
    }

    private sealed class ServerChild
    {
        private readonly Process _process;
        private readonly List<string> _errors = [];

        public ServerChild(Process process, int number)
        {
            _process = process;
            Number = number;
            process.OutputDataReceived += (_, e) => Collect(e.Data);
            process.ErrorDataReceived += (_, e) => Collect(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Number { get; }
        public IReadOnlyList<string> Errors { get { lock (_errors) return [.. _errors]; } }
        public int ErrorLines { get { lock (_errors) return _errors.Count; } }

        public async Task WaitForExitAsync()
        {
            await _process.WaitForExitAsync();
            _process.WaitForExit();
        }

        private void Collect(string? line)
        {
            // Hangfire's console log provider prints WARN and ERROR lines (the level is configured above); stack trace lines are not counted.
            if (line is not null && (line.Contains("WARN", StringComparison.Ordinal) || line.Contains("ERROR", StringComparison.Ordinal)))
                lock (_errors)
                    _errors.Add(line);
        }
    }
}

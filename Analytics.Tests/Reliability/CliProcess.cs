using System.Diagnostics;
using System.Text;

namespace Analytics.Tests.Reliability;

/// <summary>
/// The real `analytics` command line as a child process (the Analytics.Jobs build output copied next to the
/// tests), so that a test can kill it like an operator, an OOM killer or a deploy would. Only for tests about the
/// process (a kill, a signal, a lock held across processes, a memory peak); a test that only needs a verb's output or
/// effect runs it with <see cref="Support.InProcessCli"/>, without paying a process start (ADR 2034).
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private CliProcess(Process process) => _process = process;

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "analytics.dll");

    public string Output { get { lock (_output) return _output.ToString(); } }
    public string Error { get { lock (_error) return _error.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>The process id (what the locks in the database record as part of their owner).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// The process's peak resident memory so far (VmHWM of /proc/PID/status, Linux), in bytes; null once it has exited.
    /// A high-water mark: reading it often until the exit gives the run's peak.
    /// </summary>
    public long? PeakResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Starts `dotnet analytics.dll ARGS`; <paramref name="environment"/> adds configuration (e.g. Ingestion__BatchSize) to the inherited environment.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // Never the developer's own database or settings: every test passes --db, and the child runs as in production.
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => Append(cli._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(cli._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end and returns the exit code; a generous timeout, because the machine is shared.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var cli = Start(environment, args);
        var exit = await cli.WaitForExitAsync(TimeSpan.FromMinutes(10));
        return (exit, cli.Output, cli.Error);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"analytics did not finish within {timeout}. Output: {Output} Error: {Error}");
        }

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as an orchestrator or systemd stops a process: the child's host begins its graceful stop.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill could not be started.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
    }

    /// <summary>
    /// SIGSTOP: the child stops where it is, in the middle of a transaction or not, until <see cref="Resume"/> or a kill. A
    /// test that must kill a fast writer at a point it chooses steps it with these (DatabaseState.PauseWhenAsync).
    /// </summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: a paused child goes on.</summary>
    public void Resume() => Signal(SigCont);

    // Linux signal numbers (x86-64 and arm64).
    private const int SigStop = 19;
    private const int SigCont = 18;

    private void Signal(int signal)
    {
        if (SendSignal(_process.Id, signal) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>SIGKILL on Linux: no finally block, no disposal, no flush runs in the child.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds while the process still runs; false if the process ended first.</summary>
    public async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                return false;
            if (await condition())
                return !_process.HasExited;
            await Task.Delay(25);
        }

        throw new TimeoutException($"The condition did not hold within {timeout}. Output: {Output} Error: {Error}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
            return;
        lock (target)
            target.AppendLine(line);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Analytics.Jobs.Bench;

/// <summary>
/// The real web app (Analytics.Web.dll on Kestrel, Production environment, demo mode off) as a child process on a
/// free local port, pointed at a benchmark database through the same configuration keys an operator would set.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private StreamWriter? _log;

    private WebAppProcess(Process process, Uri address, StreamWriter? log)
    {
        _process = process;
        Address = address;
        _log = log;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <summary>
    /// The web app next to this build: Analytics.Web/bin/{configuration}/net10.0 of the same repository (or the
    /// current folder, when a test project copied it there). The content root is the project folder, where wwwroot is.
    /// </summary>
    public static (string Assembly, string ContentRoot) Locate(string? explicitAssembly)
    {
        if (explicitAssembly is not null)
        {
            var full = Path.GetFullPath(explicitAssembly);
            return File.Exists(full) ? (full, FindContentRoot(Path.GetDirectoryName(full)!)) : throw new FileNotFoundException($"No web app at {full}.");
        }

        var here = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(here)).Parent?.Name ?? "Debug";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "Analytics.Web");
            var assembly = Path.Combine(project, "bin", configuration, "net10.0", "Analytics.Web.dll");
            if (File.Exists(assembly))
                return (assembly, project);
        }

        throw new FileNotFoundException($"Analytics.Web.dll ({configuration}) not found above {here}; build Analytics.Web with -c {configuration} or pass --web-app.");
    }

    private static string FindContentRoot(string binFolder)
    {
        for (var dir = new DirectoryInfo(binFolder); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "wwwroot")))
                return dir.FullName;
        }

        return binFolder;
    }

    /// <summary>
    /// Starts the app on a free port and waits until /health answers; <paramref name="environment"/> adds settings (as
    /// environment variables), <paramref name="logPath"/> keeps all of the app's output in a file (for a profile of its
    /// statements: the app inherits logging settings from this process's environment).
    /// </summary>
    public static async Task<WebAppProcess> StartAsync(string assembly, string contentRoot, string connectionString, CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null, string? logPath = null)
    {
        var port = FreePort();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = contentRoot,
        };
        foreach (var arg in new[] { assembly, "--urls", address.ToString().TrimEnd('/'), "--contentRoot", contentRoot })
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The benchmark's first request is then the uncached figure it reports, not a computation already under way.
        start.Environment["DashboardCache__WarmUpOnStart"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the web app.");
        var app = new WebAppProcess(process, address, logPath is null ? null : new StreamWriter(logPath, append: false) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilHealthyAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>The app's last lines of output (errors it logged), for the report when something failed.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines)
            return _lastLines.ToList();
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _log?.WriteLine(line);
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 200)
                _lastLines.Dequeue();
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The web app exited with {_process.ExitCode}:\n{string.Join('\n', LastLines())}");
            try
            {
                using var response = await client.GetAsync("/health", ct);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException($"The web app did not answer /health within 3 minutes:\n{string.Join('\n', LastLines())}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_lastLines)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}

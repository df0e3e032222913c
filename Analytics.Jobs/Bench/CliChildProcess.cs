using System.Diagnostics;

namespace Analytics.Jobs.Bench;

/// <summary>What a child run of the command line printed, how it ended and how long it took.</summary>
public sealed record CliChildResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public string LastLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

/// <summary>This same `analytics` program in a child process: a benchmark part measured on its own, or real work run beside a load.</summary>
public static class CliChildProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath!;
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(CliChildProcess).Assembly.Location);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    public static async Task<CliChildResult> RunAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("Could not start the command line.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new CliChildResult(process.ExitCode, await output + await errors, watch.Elapsed);
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Analytics.Jobs.Connectors.Git;

/// <summary>
/// Runs the git command line against one repository. Read-only commands only; the repository may belong to
/// another user (a mirror), so safe.directory is opened for these reads.
/// </summary>
public sealed class GitCli(string repository)
{
    private static readonly string[] CommonOptions =
    [
        "-c", "safe.directory=*", "-c", "core.quotepath=off", "-c", "log.showSignature=false",
        "-c", "i18n.logOutputEncoding=UTF-8", "-c", "log.showRoot=true",
    ];

    /// <summary>The whole standard output of a short command; null when git exits with an error.</summary>
    public async Task<string?> TryRunAsync(IEnumerable<string> args, CancellationToken ct)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await stdout;
        await stderr;
        return process.ExitCode == 0 ? output : null;
    }

    /// <summary>Streams standard output as records separated by <paramref name="separator"/>; a failing git is an exception.</summary>
    public async IAsyncEnumerable<string> StreamAsync(IEnumerable<string> args, char separator, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var buffer = new char[1 << 16];
        var current = new StringBuilder();
        try
        {
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer, ct)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != separator)
                        continue;
                    current.Append(buffer, start, i - start);
                    if (current.Length > 0)
                        yield return current.ToString();
                    current.Clear();
                    start = i + 1;
                }

                current.Append(buffer, start, read - start);
            }

            if (current.Length > 0)
                yield return current.ToString();
            await process.WaitForExitAsync(ct);
            var error = await stderr;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {repository} (exit {process.ExitCode}): {error.Trim()}");
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    private Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var option in CommonOptions)
            info.ArgumentList.Add(option);
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(repository);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException("git could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("The git command line is not installed (the git connector runs `git log`); install git, e.g. `apt-get install -y git`.", ex);
        }
    }
}

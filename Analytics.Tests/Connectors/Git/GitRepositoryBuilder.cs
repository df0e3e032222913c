using System.Diagnostics;

namespace Analytics.Tests.Connectors.Git;

/// <summary>A real repository in a temporary folder, written with the git command line, with fixed dates.</summary>
public sealed class GitRepositoryBuilder : IDisposable
{
    private static readonly string[] FixedOptions = ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"];
    private int _tick;

    public GitRepositoryBuilder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "analytics-tests", $"git-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Git("init", "-q", "-b", "main");
    }

    public string Path { get; }

    public GitRepositoryBuilder Write(string file, string content)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Commits everything as the author, one hour after the previous commit (from 2026-10-01 09:00 +02:00).</summary>
    public string Commit(string author, string email, string message)
    {
        Git("add", "-A");
        var date = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(2)).AddHours(_tick++).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        GitAs(author, email, date, "commit", "-q", "--allow-empty", "-m", message);
        return Head();
    }

    public string Head() => Git("rev-parse", "HEAD").Trim();

    public static string DateOf(int tick) => new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(2)).AddHours(tick).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    public string Git(params string[] args) => GitAs("Builder", "builder@example.com", "2026-10-01T00:00:00+00:00", args);

    public string GitAs(string author, string email, string date, params string[] args)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path };
        foreach (var arg in FixedOptions.Concat(args))
            info.ArgumentList.Add(arg);
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_AUTHOR_NAME"] = author;
        info.Environment["GIT_AUTHOR_EMAIL"] = email;
        info.Environment["GIT_AUTHOR_DATE"] = date;
        info.Environment["GIT_COMMITTER_NAME"] = author;
        info.Environment["GIT_COMMITTER_EMAIL"] = email;
        info.Environment["GIT_COMMITTER_DATE"] = date;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
        return output;
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(Path, recursive: true);
    }
}

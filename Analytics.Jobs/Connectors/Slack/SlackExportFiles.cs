using System.IO.Compression;

namespace Analytics.Jobs.Connectors.Slack;

/// <summary>Limits on a zipped export, against zip bombs: entries and total uncompressed bytes.</summary>
public sealed class SlackOptions
{
    public const string Section = "Connectors:Slack";

    [System.ComponentModel.DataAnnotations.Range(1, int.MaxValue)]
    public int MaxZipEntries { get; init; } = 200_000;

    [System.ComponentModel.DataAnnotations.Range(1, long.MaxValue)]
    public long MaxZipUncompressedBytes { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>
    /// The largest single JSON file (a day file, users.json) read, in bytes. Files are streamed (memory is bounded by
    /// the largest message, ADR 1680); this bounds the time and temporary disk one file can take (a zip entry is
    /// inflated to a temporary file). A larger file is rejected by name and the others are read.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1024, int.MaxValue)]
    public int MaxFileBytes { get; init; } = 256 * 1024 * 1024;
}

/// <summary>The files of a Slack export, from a folder or from the .zip Slack hands out, by '/'-separated relative path.</summary>
public abstract class SlackExportFiles : IDisposable
{
    public abstract IReadOnlyList<string> Paths { get; }

    public abstract Stream Open(string path);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

public sealed class SlackFolderFiles(string root, int maxFileBytes) : SlackExportFiles
{
    public override IReadOnlyList<string> Paths { get; } = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    public override Stream Open(string path)
    {
        var file = new FileInfo(Path.Combine(root, path));
        return file.Length > maxFileBytes ? throw new SlackFileTooLargeException(path, maxFileBytes) : file.OpenRead();
    }
}

/// <summary>
/// A zipped export. Entries whose names could escape a folder (../, absolute paths, drive letters) are refused
/// by name, never opened; every read is capped so that the whole archive cannot expand past the limit, whatever
/// sizes its directory declares.
/// </summary>
public sealed class SlackZipFiles : SlackExportFiles
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly long _maxBytes;
    private readonly int _maxFileBytes;
    private long _bytesRead;

    public SlackZipFiles(string path, SlackOptions limits, List<(string Entry, string Reason)> refused)
    {
        _zip = ZipFile.OpenRead(path);
        _maxBytes = limits.MaxZipUncompressedBytes;
        _maxFileBytes = limits.MaxFileBytes;
        if (_zip.Entries.Count > limits.MaxZipEntries)
        {
            TooLarge = $"the archive has {_zip.Entries.Count} entries, more than the limit of {limits.MaxZipEntries} (zip bomb guard); nothing was read";
            return;
        }

        var declared = _zip.Entries.Sum(e => e.Length);
        if (declared > _maxBytes)
        {
            TooLarge = $"the archive expands to {declared} bytes, more than the limit of {_maxBytes} (zip bomb guard); nothing was read";
            return;
        }

        foreach (var entry in _zip.Entries)
        {
            if (entry.FullName.EndsWith('/'))
                continue;
            if (UnsafeName(entry.FullName) is { } reason)
                refused.Add((entry.FullName, reason));
            else
                _entries[entry.FullName] = entry;
        }
    }

    /// <summary>Why the whole archive is refused, if it is.</summary>
    public string? TooLarge { get; }

    public override IReadOnlyList<string> Paths => [.. _entries.Keys.Order(StringComparer.Ordinal)];

    public override Stream Open(string path)
    {
        // Inflate the entry through a cap (a lying directory cannot make it expand further) into a temporary file that
        // is deleted when closed: the file is read twice (checked, then streamed) and never held in memory.
        var entry = _entries[path];
        if (entry.Length > _maxFileBytes)
            throw new SlackFileTooLargeException(path, _maxFileBytes);
        var copy = new FileStream(Path.Combine(Path.GetTempPath(), $"analytics-slack-{Guid.NewGuid():N}.json"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        try
        {
            using var source = entry.Open();
            var buffer = new byte[81920];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                _bytesRead += read;
                if (copy.Length + read > _maxFileBytes)
                    throw new SlackFileTooLargeException(path, _maxFileBytes);
                if (_bytesRead > _maxBytes)
                    throw new SlackZipBombException($"the archive expands past the limit of {_maxBytes} bytes while reading {path} (zip bomb guard); nothing more was read");
                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    public static string? UnsafeName(string name)
    {
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || (normalised.Length >= 2 && normalised[1] == ':'))
            return "an absolute path in the archive (path traversal); the entry is not read";
        if (normalised.Split('/').Any(segment => segment == ".."))
            return "a '..' segment in the entry name (path traversal); the entry is not read";
        if (name.Contains('\\', StringComparison.Ordinal))
            return "a backslash in the entry name (a Windows path that could escape the folder); the entry is not read";
        return null;
    }

    public override void Dispose()
    {
        _zip.Dispose();
        base.Dispose();
    }
}

public sealed class SlackZipBombException(string message) : Exception(message);

/// <summary>One file of the export is larger than <see cref="SlackOptions.MaxFileBytes"/>: that file is rejected, the others are read.</summary>
public sealed class SlackFileTooLargeException(string path, int maxBytes)
    : Exception($"{path} is larger than the limit of {maxBytes:N0} bytes (Connectors:Slack:MaxFileBytes); the file is not read");

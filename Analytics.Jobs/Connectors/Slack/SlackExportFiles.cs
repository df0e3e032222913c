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
    /// The largest single JSON file (a day file, users.json) read, in bytes. Files are streamed (one message in memory
    /// at a time), so this no longer bounds memory; it bounds the time one file takes and is a zip-bomb guard per entry.
    /// A larger file is rejected by name and the others are read.
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
    private const int BufferBytes = 64 * 1024;

    public override IReadOnlyList<string> Paths { get; } = [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    public override Stream Open(string path)
    {
        var file = new FileInfo(Path.Combine(root, path));
        return file.Length > maxFileBytes
            ? throw new SlackFileTooLargeException(path, maxFileBytes)
            : new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
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
    private readonly Dictionary<string, long> _furthest = new(StringComparer.Ordinal);
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
        // Streamed through a cap: a lying directory cannot make an entry, or the archive, expand further.
        var entry = _entries[path];
        if (entry.Length > _maxFileBytes)
            throw new SlackFileTooLargeException(path, _maxFileBytes);
        return new CappedEntryStream(this, path, entry.Open());
    }

    /// <summary>
    /// Counts what an entry inflates to. The archive-wide total adds each entry's furthest byte once, so reading a
    /// file twice (checked, then read) does not count twice, while an entry that inflates past what it did before
    /// still does.
    /// </summary>
    private void Inflated(string path, long position)
    {
        if (position > _maxFileBytes)
            throw new SlackFileTooLargeException(path, _maxFileBytes);
        var before = _furthest.GetValueOrDefault(path);
        if (position <= before)
            return;
        _furthest[path] = position;
        _bytesRead += position - before;
        if (_bytesRead > _maxBytes)
            throw new SlackZipBombException($"the archive expands past the limit of {_maxBytes} bytes while reading {path} (zip bomb guard); nothing more was read");
    }

    private sealed class CappedEntryStream(SlackZipFiles zip, string path, Stream inner) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _position += read;
            zip.Inflated(path, _position);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
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

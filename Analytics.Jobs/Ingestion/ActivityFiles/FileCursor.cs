using System.Globalization;
using System.Security.Cryptography;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// The watermark of a file import: the last committed line, tied to a fingerprint of the file's start.
/// The same (or a grown) file resumes after that line; another file starts from line 1, and idempotency
/// makes re-reading what was already stored harmless.
/// </summary>
public readonly record struct FileCursor(string Fingerprint, long Line)
{
    private const int FingerprintBytes = 64 * 1024;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Fingerprint}:{Line}");

    public static FileCursor? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        var colon = value.LastIndexOf(':');
        return colon > 0 && long.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? new FileCursor(value[..colon], line)
            : null;
    }

    /// <summary>SHA-256 of the first 64 KiB; for a file that only grows at the end this stays the same once it is that long.</summary>
    public static async Task<string> FingerprintAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var buffer = new byte[(int)Math.Min(FingerprintBytes, stream.Length)];
        await stream.ReadExactlyAsync(buffer, ct);
        return Convert.ToHexStringLower(SHA256.HashData(buffer))[..32];
    }

    /// <summary>The line to resume after, if <paramref name="since"/> belongs to this file.</summary>
    public static long ResumeAfter(SourceCursor since, string fingerprint) =>
        Parse(since.Value) is { } cursor && cursor.Fingerprint == fingerprint ? cursor.Line : 0;
}

using System.Globalization;
using System.Security.Cryptography;

namespace Analytics.Jobs.Connectors;

/// <summary>
/// Identifies one export file for a resume cursor. Unlike an append-only activity file, a newer export of the
/// same system changes anywhere (new revisions inside old pages), so the fingerprint covers the length, the
/// first and the last 64 KiB: a different export starts from the beginning, and idempotency keeps what was
/// already stored from counting twice.
/// </summary>
public static class ExportFingerprint
{
    private const int SliceBytes = 64 * 1024;

    public static async Task<string> OfFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(stream.Length));
        var head = new byte[(int)Math.Min(SliceBytes, stream.Length)];
        await stream.ReadExactlyAsync(head, ct);
        hash.AppendData(head);
        if (stream.Length > SliceBytes)
        {
            var tail = new byte[(int)Math.Min(SliceBytes, stream.Length - SliceBytes)];
            stream.Seek(-tail.Length, SeekOrigin.End);
            await stream.ReadExactlyAsync(tail, ct);
            hash.AppendData(tail);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>"{fingerprint}:{position}": the position (page, file) of the last record committed.</summary>
    public static string Cursor(string fingerprint, long position) =>
        string.Create(CultureInfo.InvariantCulture, $"{fingerprint}:{position}");

    /// <summary>The position to resume after, if the stored cursor belongs to this export; 0 otherwise.</summary>
    public static long ResumeAfter(string? cursor, string fingerprint)
    {
        if (string.IsNullOrEmpty(cursor))
            return 0;
        var colon = cursor.LastIndexOf(':');
        return colon > 0 && cursor.AsSpan(0, colon).SequenceEqual(fingerprint)
               && long.TryParse(cursor.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : 0;
    }
}

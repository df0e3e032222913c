using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Analytics.Jobs.Connectors.StackExchange;

/// <summary>
/// The watermark of a dump import: which dump (a fingerprint of its files), which phase and the last
/// committed position in it. Only an interrupted run of the same dump resumes; a finished one says
/// <see cref="IsDone"/>, and any other dump is read from the start (event ids make that harmless).
/// </summary>
public readonly record struct DumpCursor(string Fingerprint, int Phase, long Position)
{
    private const string Prefix = "se1";
    private const int HeadBytes = 64 * 1024;
    public const int DonePhase = int.MaxValue;

    public bool IsDone => Phase == DonePhase;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{Fingerprint}:{Phase}:{Position}");

    public static DumpCursor? Parse(string? value)
    {
        var parts = value?.Split(':');
        if (parts is not { Length: 4 } || parts[0] != Prefix
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var phase)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            return null;
        return new DumpCursor(parts[1], phase, position);
    }

    /// <summary>
    /// Name, length, modification time and SHA-256 of the first 64 KiB of each file: a new dump differs in
    /// at least one of them without reading gigabytes.
    /// </summary>
    public static async Task<string> FingerprintAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{info.Name}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|")));
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            var buffer = new byte[(int)Math.Min(HeadBytes, stream.Length)];
            await stream.ReadExactlyAsync(buffer, ct);
            hash.AppendData(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }
}

using System.Text;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// Checks that hostile text files fail early and clearly: a UTF-16 file is refused by name instead of surfacing as
/// "missing columns" in garbled text, and an over-long record is described the same way by every file import.
/// </summary>
public static class TextFileGuard
{
    /// <summary>Throws when the file starts with a UTF-16 or UTF-32 byte order mark: CSV imports read UTF-8 only.</summary>
    public static void RequireUtf8(string path)
    {
        Span<byte> start = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var head = start[..read];
        var encoding = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]) ? "UTF-32"
            : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? "UTF-16"
            : null;
        if (encoding is not null)
            throw new InvalidDataException($"{Path.GetFileName(path)}: the file is {encoding} (it starts with a {encoding} byte order mark); save it as UTF-8 and import it again.");
    }

    public static string RecordTooLong(int maxBytes) =>
        $"record too long: more than {maxBytes:N0} bytes without the record ending (Ingestion:MaxRecordBytes)";
}

/// <summary>
/// Reads text line by line holding at most <c>maxChars</c> characters of a line: a longer line is skipped to its end
/// and reported by its length, so a file without line breaks never becomes one huge string.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxChars)
{
    private readonly char[] _buffer = new char[1 << 15];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line without its line break (Text null when it was too long), or null at the end of the input.</summary>
    public async Task<BoundedLine?> ReadLineAsync(CancellationToken ct)
    {
        _line.Clear();
        long length = 0;
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer.AsMemory(), ct);
                if (_end == 0)
                    return any ? Finish(length, tooLong) : null;
            }

            any = true;
            var chunk = _buffer.AsSpan(_start, _end - _start);
            var newline = chunk.IndexOf('\n');
            var part = newline < 0 ? chunk : chunk[..newline];
            length += part.Length;
            if (!tooLong && length > maxChars)
            {
                tooLong = true;
                _line.Clear();
            }

            if (!tooLong)
                _line.Append(part);
            _start += newline < 0 ? part.Length : part.Length + 1;
            if (newline >= 0)
                return Finish(length, tooLong);
        }
    }

    private BoundedLine Finish(long length, bool tooLong)
    {
        if (tooLong)
            return new BoundedLine(null, length);
        if (_line.Length > 0 && _line[^1] == '\r')
            _line.Length--;
        return new BoundedLine(_line.ToString(), length);
    }
}

/// <summary>A line read by <see cref="BoundedLineReader"/>: its text, or null when it was longer than the limit.</summary>
public readonly record struct BoundedLine(string? Text, long Length);

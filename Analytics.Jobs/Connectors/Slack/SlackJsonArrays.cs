using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Analytics.Jobs.Connectors.Slack;

/// <summary>
/// The JSON arrays of a Slack export (users.json, channels.json, one file per channel and day), read as streams: one
/// message in memory at a time, whatever the file's size (issue 16: a 240 MiB day file parsed whole peaked at 0.7 GB).
/// A file is read twice: once to check that it is valid UTF-8 and one well-formed JSON array, then for its elements,
/// so a broken file still gives no record at all and one rejection naming the problem, as when it was parsed whole.
/// </summary>
public static class SlackJsonArrays
{
    private static readonly JsonSerializerOptions Options = new() { DefaultBufferSize = 64 * 1024 };

    /// <summary>Why the file cannot be read (and the 1-based line where that was found), or null when it is a valid array.</summary>
    public static async Task<(string Reason, long Line)?> ProblemAsync(SlackExportFiles files, string file, CancellationToken ct)
    {
        try
        {
            await using (var head = files.Open(file))
            {
                if (await FirstByteAsync(head, ct) is var first && first != '[')
                    return ($"expected a JSON array, found {KindOf(first)}", 0);
            }

            // System.Text.Json only notices invalid UTF-8 when a string is materialised: every byte is decoded on the way.
            await using var stream = new Utf8CheckingStream(files.Open(file));
            await foreach (var _ in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, Options, ct))
            {
            }

            return null;
        }
        catch (DecoderFallbackException)
        {
            return ("not valid UTF-8; the file is not read", 0);
        }
        catch (JsonException ex)
        {
            return ($"invalid JSON: {ex.Message}", (ex.LineNumber ?? -1) + 1);
        }
        catch (SlackFileTooLargeException ex)
        {
            return (ex.Message, 0);
        }
    }

    /// <summary>The elements of a file <see cref="ProblemAsync"/> found valid, one at a time.</summary>
    public static async IAsyncEnumerable<JsonElement> ElementsAsync(SlackExportFiles files, string file, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = files.Open(file);
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, Options, ct))
            yield return element;
    }

    /// <summary>The first byte that is not white space or a UTF-8 byte order mark; -1 for an empty file.</summary>
    private static async Task<int> FirstByteAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var start = true;
        int read;
        while ((read = await stream.ReadAtLeastAsync(buffer, 3, throwOnEndOfStream: false, ct)) > 0)
        {
            var i = start && buffer.AsSpan(0, read).StartsWith("\uFEFF"u8) ? 3 : 0;
            start = false;
            for (; i < read; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                    return buffer[i];
            }
        }

        return -1;
    }

    private static string KindOf(int first) => first switch
    {
        -1 => "an empty file",
        '{' => "object",
        '"' => "string",
        't' or 'f' => "boolean",
        'n' => "null",
        _ when first == '-' || char.IsAsciiDigit((char)first) => "number",
        _ => "something else",
    };

    /// <summary>Passes bytes through and decodes them with a throwing UTF-8 decoder, so invalid UTF-8 fails the read.</summary>
    private sealed class Utf8CheckingStream(Stream inner) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        private readonly char[] _chars = new char[64 * 1024 + 4];

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Check(buffer[..read].Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Check(ReadOnlySpan<byte> bytes)
        {
            var count = bytes.Length;
            var flush = bytes.IsEmpty;
            while (!bytes.IsEmpty || flush)
            {
                var chunk = bytes[..Math.Min(bytes.Length, 64 * 1024)];
                _decoder.Convert(chunk, _chars, flush, out var used, out _, out _);
                bytes = bytes[used..];
                if (flush)
                    break;
            }

            return count;
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

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

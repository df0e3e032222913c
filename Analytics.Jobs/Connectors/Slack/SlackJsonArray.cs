using System.Text;
using System.Text.Json;

namespace Analytics.Jobs.Connectors.Slack;

/// <summary>
/// A JSON array file of a Slack export, read in two streaming passes so that memory is bounded by the largest
/// element, never by the file (issue 16; ADR 1680). The first pass checks the whole file's UTF-8 and JSON syntax
/// through a small buffer, so that a file which is broken anywhere is still one rejection and none of its records
/// is imported (as when files were parsed whole); the second pass hands out the elements one at a time.
/// </summary>
public static class SlackJsonArray
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Why the file cannot be read (and at which 1-based line, 0 for the whole file), or null if it is a valid array.</summary>
    public static (string Reason, long Line)? Check(Stream stream)
    {
        var buffer = new byte[ChunkBytes];
        var scratch = new char[ChunkBytes];
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var state = new JsonReaderState();
        (string Reason, long Line)? syntax = null;
        var filled = 0;
        var started = false;
        var atStart = true;
        while (true)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var final = read == 0;
            // Invalid UTF-8 is checked over the whole file, even past a syntax error: it is the rejection a whole-file check gave.
            if (!IsValidUtf8(decoder, buffer.AsSpan(filled, read), scratch, final))
                return ("not valid UTF-8; the file is not read", 0);
            filled += read;
            if (atStart && filled >= 3 && buffer.AsSpan(0, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                // A byte-order mark is skipped, as the second pass (the serializer over a stream) skips it.
                buffer.AsSpan(3, filled - 3).CopyTo(buffer);
                filled -= 3;
            }

            atStart = false;
            if (syntax is null)
            {
                var consumed = ReadTokens(buffer.AsSpan(0, filled), final, ref state, ref started, out var problem);
                syntax = problem;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
            else
            {
                filled = 0;
            }

            if (final)
                return syntax;
        }
    }

    /// <summary>The elements of an array that passed <see cref="Check"/>, one at a time.</summary>
    public static IAsyncEnumerable<JsonElement> ElementsAsync(Stream stream, CancellationToken ct) =>
        JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: ct);

    private static int ReadTokens(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref bool started, out (string Reason, long Line)? problem)
    {
        problem = null;
        var reader = new Utf8JsonReader(data, final, state);
        try
        {
            while (reader.Read())
            {
                if (started)
                    continue;
                started = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    problem = ($"expected a JSON array, found {Kind(reader.TokenType)}", 0);
                    return data.Length;
                }
            }
        }
        catch (JsonException ex)
        {
            // The reader's state carries the line count across chunks, so the line is the file's.
            problem = ($"invalid JSON: {ex.Message}", (ex.LineNumber ?? -1) + 1);
            return data.Length;
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private static bool IsValidUtf8(Decoder decoder, ReadOnlySpan<byte> bytes, char[] scratch, bool final)
    {
        try
        {
            do
            {
                decoder.Convert(bytes, scratch, final, out var used, out _, out _);
                bytes = bytes[used..];
            }
            while (!bytes.IsEmpty);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The names <see cref="JsonValueKind"/> gives, as the whole-file parse reported them.</summary>
    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };
}

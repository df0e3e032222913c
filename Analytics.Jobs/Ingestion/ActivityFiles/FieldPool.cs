using System.Text;

namespace Analytics.Jobs.Ingestion.ActivityFiles;

/// <summary>
/// The strings of the fields that repeat from row to row, decoded once. A million-row file names a few
/// thousand actors and items: without this each row allocates its own copies, and since records wait in
/// the runner's batch until it commits, those copies live long enough to be promoted and collected late.
/// </summary>
internal sealed class FieldPool
{
    private const int MaxEntries = 100_000;
    private const int MaxPooledLength = 256;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly char[] _buffer = new char[MaxPooledLength];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledLength)
            return Encoding.UTF8.GetString(utf8);
        var chars = _buffer.AsSpan(0, Encoding.UTF8.GetChars(utf8, _buffer));
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var known))
            return known;
        if (_values.Count >= MaxEntries)
            _values.Clear();
        var value = chars.ToString();
        _values[value] = value;
        return value;
    }
}

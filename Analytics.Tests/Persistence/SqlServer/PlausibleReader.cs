using System.Collections;
using System.Data.Common;
using System.Globalization;

namespace Analytics.Tests.Persistence.SqlServer;

/// <summary>One result set the fake server answers: column names and rows of cells (null = SQL NULL).</summary>
internal sealed record PlausibleResultSet(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// A reader over result sets whose cells are synthesised numbers (or values a test chose). Each typed getter turns
/// the number into what EF asks for, so the same answer serves an int key, a long key, a date or a string: the
/// harness does not need to know the model's types, only how many columns and rows a statement returns.
/// </summary>
internal sealed class PlausibleReader(IReadOnlyList<PlausibleResultSet> sets) : DbDataReader
{
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private int set;
    private int row = -1;
    private bool closed;

    private PlausibleResultSet Current => sets.Count == 0 ? new([], []) : sets[set];
    private object? Cell(int ordinal) => Current.Rows[row][ordinal];

    private long Number(int ordinal) => Cell(ordinal) switch
    {
        null => throw new InvalidOperationException($"Column {Current.Columns[ordinal]} is NULL; EF should have asked IsDBNull."),
        long l => l,
        var other => System.Convert.ToInt64(other, CultureInfo.InvariantCulture),
    };

    public override T GetFieldValue<T>(int ordinal) => (T)Convert(typeof(T), ordinal);

    private object Convert(Type type, int ordinal)
    {
        var cell = Cell(ordinal);
        if (cell is not null && type.IsInstanceOfType(cell))
            return cell;
        var n = Number(ordinal);
        return type switch
        {
            _ when type == typeof(int) => checked((int)n),
            _ when type == typeof(long) => n,
            _ when type == typeof(short) => checked((short)n),
            _ when type == typeof(byte) => checked((byte)n),
            _ when type == typeof(bool) => n != 0,
            _ when type == typeof(double) => (double)n,
            _ when type == typeof(float) => (float)n,
            _ when type == typeof(decimal) => (decimal)n,
            _ when type == typeof(string) => n.ToString(CultureInfo.InvariantCulture),
            _ when type == typeof(DateTime) => Epoch.AddDays(n % 365),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(Epoch.AddDays(n % 365)),
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(Epoch.AddDays(n % 365)),
            _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(n),
            _ when type == typeof(Guid) => new Guid(checked((int)n), 0, 0, new byte[8]),
            _ when type == typeof(byte[]) => BitConverter.GetBytes(n),
            _ => throw new NotSupportedException($"The fake server cannot answer a {type.Name} for column {Current.Columns[ordinal]}."),
        };
    }

    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override char GetChar(int ordinal) => throw new NotSupportedException();
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);
    public override Type GetFieldType(int ordinal) => row >= 0 && row < Current.Rows.Count ? Cell(ordinal)?.GetType() ?? typeof(long) : typeof(long);
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);
    public override string GetName(int ordinal) => Current.Columns[ordinal];
    public override int GetOrdinal(string name) => Current.Columns.ToList().FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);
    public override object GetValue(int ordinal) => Cell(ordinal) ?? DBNull.Value;
    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < n; i++)
            values[i] = GetValue(i);
        return n;
    }

    public override bool IsDBNull(int ordinal) => Cell(ordinal) is null;
    public override int FieldCount => Current.Columns.Count;
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));
    public override int RecordsAffected => 1;
    public override bool HasRows => Current.Rows.Count > 0;
    public override bool IsClosed => closed;
    public override int Depth => 0;

    public override bool NextResult()
    {
        if (set + 1 >= sets.Count)
            return false;
        set++;
        row = -1;
        return true;
    }

    public override bool Read() => ++row < Current.Rows.Count;
    public override void Close() => closed = true;
    public override IEnumerator GetEnumerator() => new DbEnumerator(this);
}

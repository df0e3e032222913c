using System.Globalization;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Runner;

namespace Analytics.Tests.Ingestion;

/// <summary>The import's hand-written date reading and writing agree with the framework formats they replace.</summary>
public sealed class FastPathFormatTests
{
    [Theory]
    [InlineData("2026-10-01T09:00:00Z")]
    [InlineData("2026-10-01 09:00:00Z")]
    [InlineData("2026-10-01T09:00:00+02:00")]
    [InlineData("2024-02-29T23:59:59-05:30")]
    [InlineData("2025-01-01T00:00:07+13:59")]
    [InlineData("2025-01-01T00:00:07+14:00")]
    [InlineData("2025-01-01T00:00:07-00:00")]
    [InlineData("2026-10-01T09:00:00.1234567Z")]
    [InlineData("2026-10-01T09:00+01:00")]
    [InlineData("2025-02-29T10:00:00Z")]
    [InlineData("2025-13-01T10:00:00Z")]
    [InlineData("2025-12-01T24:00:00Z")]
    [InlineData("2025-12-01T10:60:00Z")]
    [InlineData("2025-12-01T10:00:60+01:00")]
    [InlineData("2025-12-01T10:00:00+01:60")]
    [InlineData("2025-12-01T10:00:00+15:00")]
    [InlineData("2025-12-01T10:00:00")]
    [InlineData("2025-12-01X10:00:00Z")]
    [InlineData("2025-12-01T1a:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    public void Reading_a_time_agrees_with_the_iso_formats(string text)
    {
        var expectedOk = ActivityRowParser.TryParseIsoFormats(text, out var expected);

        var ok = ActivityRowParser.TryParseInstant(text, out var value);

        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Offset, value.Offset);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(638_700_000_000_000_000L)]
    [InlineData(638_700_000_000_000_001L)]
    [InlineData(638_700_000_001_230_000L)]
    [InlineData(638_700_000_009_999_999L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void Writing_a_time_agrees_with_the_stored_format(long ticks)
    {
        var value = new DateTime(ticks, DateTimeKind.Utc);

        Assert.Equal(value.ToString(SqliteActivityBulkWriter.DateTimeFormat, CultureInfo.InvariantCulture), SqliteActivityBulkWriter.FormatDateTime(value));
    }

    [Fact]
    public void Writing_random_times_agrees_with_the_stored_format()
    {
        var random = new Random(7);
        for (var n = 0; n < 10_000; n++)
        {
            var value = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            Assert.Equal(value.ToString(SqliteActivityBulkWriter.DateTimeFormat, CultureInfo.InvariantCulture), SqliteActivityBulkWriter.FormatDateTime(value));
        }
    }
}

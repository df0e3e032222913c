using Analytics.Jobs.Ingestion.ActivityFiles;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Ingestion;

/// <summary>One case per kind of bad record: each is rejected with its line and reason, and the good rows still arrive.</summary>
public sealed class MalformedRecordTests
{
    [Theory]
    [InlineData(3, "missing required field 'event_id'")]
    [InlineData(4, "'occurred_at' is not an ISO 8601 date-time with offset: 'yesterday'")]
    [InlineData(5, "'occurred_at' is not an ISO 8601 date-time with offset: '2026-10-01T09:00:00'")]
    [InlineData(6, "unknown activity type 'liked'")]
    [InlineData(7, "missing required field 'actor'")]
    [InlineData(8, "missing field 'item_id': viewed is reuse")]
    [InlineData(9, "'quantity' must be a positive number: '-2'")]
    [InlineData(10, "malformed quoting: a quote inside an unquoted field")]
    [InlineData(11, "wrong number of fields")]
    [InlineData(12, "not valid UTF-8")]
    public Task Csv_bad_record_is_rejected_with_line_and_reason(int line, string reason) =>
        AssertRejectedAsync(ActivityCsvConnector.KindName, "activities-malformed.csv", line, reason, ["g-1", "g-2"], expectedRejections: 10);

    [Theory]
    [InlineData(2, "invalid JSON")]
    [InlineData(3, "expected a JSON object, found array")]
    [InlineData(4, "'actor' must be a string or a number, found object")]
    [InlineData(6, "unknown activity type 'liked'")]
    public Task Json_lines_bad_record_is_rejected_with_line_and_reason(int line, string reason) =>
        AssertRejectedAsync(ActivityJsonlConnector.KindName, "activities-malformed.jsonl", line, reason, ["j-1", "j-2"], expectedRejections: 4);

    private static async Task AssertRejectedAsync(string kind, string fixture, int line, string reason, string[] goodEvents, int expectedRejections)
    {
        await using var host = await IngestionHost.CreateAsync();
        var result = await host.ImportAsync(kind, IngestionHost.Fixture(fixture));

        var rejections = await host.QueryAsync(db => db.Rejections.Where(r => r.SyncRunId == result.SyncRunId).ToListAsync());
        var rejection = Assert.Single(rejections, r => r.Location == $"{fixture}:{line}");
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(rejection.Excerpt));
        Assert.Equal(expectedRejections, result.Rejected);
        Assert.Equal(expectedRejections, rejections.Count);

        var imported = await host.QueryAsync(db => db.Activities.OrderBy(a => a.SourceEventId).Select(a => a.SourceEventId).ToListAsync());
        Assert.Equal(goodEvents, imported);
    }
}

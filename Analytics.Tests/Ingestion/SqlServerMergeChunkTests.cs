using Analytics.Domain.Knowledge;
using Analytics.Jobs.Ingestion.Runner;

namespace Analytics.Tests.Ingestion;

/// <summary>ADR 1403: a batch of any size reaches analytics.Activities in MERGE statements below lock escalation.</summary>
public sealed class SqlServerMergeChunkTests
{
    [Fact]
    public void A_50000_row_batch_is_merged_in_chunks_below_the_escalation_threshold_keeping_every_row_once()
    {
        var rows = Enumerable.Range(0, 50_000)
            .Select(i => new ActivityRow(1, $"e{i}", ActivityType.Edited, null, null, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i), 1, 7))
            .ToList();

        var chunks = SqlServerActivityBulkWriter.MergeChunks(rows).ToList();

        // Up to two key locks per merged row and index (HOLDLOCK's range probe and the insert) stay below 5,000.
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length * 2, 1, 4_999));
        Assert.Equal(rows, chunks.SelectMany(c => c));
    }
}

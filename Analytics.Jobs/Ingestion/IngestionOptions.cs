using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Ingestion;

/// <summary>Settings of the ingestion runner (section "Ingestion").</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Records per transaction: large enough to amortise a commit, small enough that a kill loses little.</summary>
    [Range(100, 100_000)] public int BatchSize { get; init; } = 50_000;

    /// <summary>
    /// HR directory rows per transaction (ADR 1681). Each row is an employee, its aliases and assignments written through EF,
    /// so batches are smaller than activity batches: a kill loses at most one batch, redone by the next run of the file.
    /// </summary>
    [Range(10, 100_000)] public int HrDirectoryBatchSize { get; init; } = 5_000;

    /// <summary>How long a sync waits for another sync of the same source to finish before it fails (and is retried).</summary>
    /// <summary>
    /// SQLite page cache of the connection that writes a batch. The activity indexes (event id, day,
    /// actor, item) take random keys; with SQLite's default 2 MiB cache a large import spends its time
    /// re-reading index pages.
    /// </summary>
    [Range(2, 4096)] public int SqliteCacheSizeMiB { get; init; } = 64;

    /// <summary>
    /// The longest record (a CSV record, a JSON line) a file import holds in memory, in bytes. A longer one is
    /// rejected as too long instead of being buffered, so a file without line breaks cannot exhaust memory.
    /// </summary>
    [Range(1024, 256 * 1024 * 1024)] public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    public const int DefaultMaxRecordBytes = 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SourceLockTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

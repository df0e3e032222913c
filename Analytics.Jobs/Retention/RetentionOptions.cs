using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Retention;

/// <summary>How long raw activity rows are kept (section "Retention"); aggregates are kept for good.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Raw activities older than this many months are purged once their days are aggregated; 0 keeps them forever.</summary>
    [Range(0, 1200)] public int RawActivityMonths { get; init; } = 24;

    /// <summary>
    /// Rows deleted per transaction, so that a purge never holds the write lock for long. SQL Server escalates a statement's row locks to a table lock at 5,000 locks on one table or index: a batch stays
    /// below that (ADR 1403), so a purge never locks the whole Activities table.
    /// </summary>
    [Range(100, 4_000)] public int BatchSize { get; init; } = 4_000;
}

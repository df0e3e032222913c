using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Retention;

/// <summary>How long raw activity rows are kept (section "Retention"); aggregates are kept for good.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Raw activities older than this many months are purged once their days are aggregated; 0 keeps them forever.</summary>
    [Range(0, 1200)] public int RawActivityMonths { get; init; } = 24;

    /// <summary>Rows deleted per transaction, so that a purge never holds the write lock for long.</summary>
    [Range(100, 100_000)] public int BatchSize { get; init; } = 5_000;
}

using Analytics.Domain.Persistence;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// The provider-specific fast path for activities. Writes inside the transaction the runner has open on
/// the context, ignores rows whose (SourceSystemId, SourceEventId) already exists, and reports
/// what it inserted so the runner can count duplicates and mark days.
/// </summary>
public interface IActivityBulkWriter
{
    /// <summary>Once per run, on the connection the run keeps open, before any transaction (SQLite pragmas cannot change inside one).</summary>
    Task PrepareConnectionAsync(AnalyticsDbContext db, CancellationToken ct);

    Task<BulkWriteResult> WriteAsync(AnalyticsDbContext db, IReadOnlyList<ActivityRow> rows, CancellationToken ct);
}

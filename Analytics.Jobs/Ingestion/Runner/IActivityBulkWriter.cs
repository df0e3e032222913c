using Analytics.Domain.Knowledge;
using Analytics.Domain.People;
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

    /// <summary>
    /// Inserts knowledge items not yet stored and sets their ids. A parent in the list comes before its
    /// children and is referenced through <c>Parent</c>. Items are few next to activities, but a first
    /// import meets tens of thousands at once, which EF's SaveChanges makes the slowest part of a run.
    /// </summary>
    Task InsertItemsAsync(AnalyticsDbContext db, IReadOnlyList<KnowledgeItem> items, CancellationToken ct);

    /// <summary>
    /// Inserts new source accounts and sets their ids, first inserting each account's person where that
    /// person is new (Id 0); an existing person (an employee's) is referenced by id. Like items, a first
    /// import meets thousands at once.
    /// </summary>
    Task InsertAccountsAsync(AnalyticsDbContext db, IReadOnlyList<SourceAccount> accounts, CancellationToken ct);

    Task<BulkWriteResult> WriteAsync(AnalyticsDbContext db, IReadOnlyList<ActivityRow> rows, CancellationToken ct);
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Analytics.Web.Caching;

/// <summary>
/// Counts the writes this process commits through EF Core (an award, an approval, a rule change, an identity
/// decision), so that on SQL Server, where the data version is otherwise a time interval, the person who made a
/// change sees it on their next page instead of up to an interval later. Writes in an
/// <see cref="Unversioned"/> scope (audit entries of views) are not counted.
/// </summary>
public sealed class LocalWrites
{
    private static readonly AsyncLocal<bool> Suppressed = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public static IDisposable Unversioned()
    {
        Suppressed.Value = true;
        return new Scope();
    }

    internal void Count1()
    {
        if (!Suppressed.Value)
            Interlocked.Increment(ref _count);
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Suppressed.Value = false;
    }
}

/// <summary>Feeds <see cref="LocalWrites"/>: after every save that changed rows and after every committed transaction.</summary>
public sealed class LocalWritesInterceptor(LocalWrites writes) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0)
            writes.Count1();
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => writes.Count1();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        writes.Count1();
        return Task.CompletedTask;
    }
}

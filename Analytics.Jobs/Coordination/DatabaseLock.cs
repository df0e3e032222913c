using Analytics.Domain.Coordination;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Coordination;

/// <summary>The lock could not be taken within the timeout; names the holder so an operator can find it.</summary>
public sealed class LockTimeoutException(string message) : TimeoutException(message);

/// <summary>
/// A holder's lease expired and another process took the lock (ADR 1508): the work guarded by it stops, and the
/// transaction that found out is rolled back, so the two holders never both write.
/// </summary>
public sealed class LockLostException(string message) : InvalidOperationException(message);

/// <summary>
/// Named locks as lease rows in the analytics database (ADR 1503): taken by inserting the row or by taking over an
/// expired one with a compare-and-set, renewed every third of <see cref="JobsOptions.LockLease"/> while held, deleted
/// on release. Shared by every process on the database whatever the job storage; a holder killed with SIGKILL
/// stops renewing and its lock is free one lease later. Not re-entrant: a holder never asks for its own lock again.
/// Each operation uses a short-lived context of its own, never the caller's, so it stays out of the caller's
/// transactions. Leases run on the machine's real clock, never an injected business clock: expiry is compared
/// between processes.
/// </summary>
public sealed class DatabaseLock(Func<AnalyticsDbContext> contexts, JobsOptions options, ILogger logger)
{
    private static readonly TimeProvider clock = TimeProvider.System;

    private ILogger Logger => logger;

    /// <summary>A lock over the database of <paramref name="db"/> with the default lease, for code built outside DI (benchmarks, tests).</summary>
    public static DatabaseLock Over(AnalyticsDbContext db) => new(
        () => DatabaseRegistration.CreateContext(db.Provider, db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The context has no connection string to take locks with.")),
        new JobsOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>Waits up to Jobs:LockTimeout.</summary>
    public Task<HeldLock> AcquireAsync(string name, CancellationToken ct) => AcquireAsync(name, options.LockTimeout, ct);

    // One owner id per lock taken: machine and process for the operator, a random part so two holders never match.
    private static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async Task<HeldLock> AcquireAsync(string name, TimeSpan timeout, CancellationToken ct)
    {
        if (name.Length is 0 or > LockLease.NameLength)
            throw new ArgumentException($"A lock name has 1 to {LockLease.NameLength} characters.", nameof(name));
        var owner = NewOwner();
        var lease = options.LockLease;
        var deadline = clock.GetUtcNow() + timeout;
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (await TryTakeAsync(name, owner, lease, ct))
            {
                logger.LogDebug("Lock {Name} taken by {Owner}", name, owner);
                return new HeldLock(this, name, owner, lease);
            }

            if (clock.GetUtcNow() >= deadline)
                throw new LockTimeoutException($"The lock '{name}' is held by {await HolderAsync(name, ct)}; it was not free within {timeout}. "
                    + "A holder that was killed releases it when its lease expires (Jobs:LockLease).");
            await Task.Delay(wait, clock, ct);
            wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task<bool> TryTakeAsync(string name, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var db = contexts();
        var now = clock.GetUtcNow();
        // Take over an expired lease: one statement, so of two processes seeing it expired only one updates the row.
        var taken = await db.LockLeases.Where(l => l.Name == name && l.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, owner).SetProperty(l => l.AcquiredAt, now).SetProperty(l => l.ExpiresAt, now + lease), ct);
        if (taken == 1)
            return true;
        if (await db.LockLeases.AnyAsync(l => l.Name == name, ct))
            return false;

        db.LockLeases.Add(new LockLease { Name = name, Owner = owner, AcquiredAt = now, ExpiresAt = now + lease });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another process inserted the row between our look and our insert (primary key): it holds the lock.
            // Anything else is a real failure and goes up.
            if (await ExistsAsync(name, ct))
                return false;
            throw;
        }
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken ct)
    {
        await using var db = contexts();
        return await db.LockLeases.AnyAsync(l => l.Name == name, ct);
    }

    private async Task<string> HolderAsync(string name, CancellationToken ct)
    {
        await using var db = contexts();
        var holder = await db.LockLeases.AsNoTracking()
            .Where(l => l.Name == name).Select(l => new { l.Owner, l.ExpiresAt }).SingleOrDefaultAsync(ct);
        return holder is null ? "nobody any more" : $"{holder.Owner} until {holder.ExpiresAt:O}";
    }

    /// <summary>Extends the lease; false when it is no longer ours (it expired and another process took it).</summary>
    private async Task<bool> RenewAsync(string name, string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var db = contexts();
        var expires = clock.GetUtcNow() + lease;
        return await db.LockLeases.Where(l => l.Name == name && l.Owner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct) == 1;
    }

    private async Task ReleaseAsync(string name, string owner)
    {
        await using var db = contexts();
        // Only our own row: a lease that expired and was taken over belongs to its new holder.
        await db.LockLeases.Where(l => l.Name == name && l.Owner == owner).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>
    /// A lock while it is held. The background renewal keeps it alive between writes; <see cref="FenceAsync"/> proves it
    /// inside each write transaction of the guarded work (ADR 1508). Without the fence a holder whose renewal was held up
    /// (on SQLite it waits for the holder's own write transaction) lost its lease unnoticed and two processes wrote.
    /// </summary>
    public sealed class HeldLock : IAsyncDisposable
    {
        private readonly DatabaseLock _lock;
        private readonly string _name;
        private readonly string _owner;
        private readonly TimeSpan _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;
        // When the holder last renewed the lease through a fence (UTC ticks): the timer skips its own renewal then.
        private long _fencedAt = DateTimeOffset.MinValue.UtcTicks;

        internal HeldLock(DatabaseLock owner, string name, string ownerId, TimeSpan lease)
        {
            _lock = owner;
            _name = name;
            _owner = ownerId;
            _lease = lease;
            _renewal = RenewWhileHeldAsync(lease / 3, lease);
        }

        public string Name => _name;

        /// <summary>The renewals the background timer wrote (the others it skipped because a fence had just renewed the lease).</summary>
        public int TimerRenewals { get; private set; }

        /// <summary>
        /// Renews the lease through <paramref name="db"/>, inside the transaction it has open, and throws
        /// <see cref="LockLostException"/> when the lease is no longer this holder's. Called as the first statement of a
        /// write transaction: the updated lease row stays locked by that transaction until it ends (the database's write
        /// lock on SQLite, the row's exclusive lock on SQL Server), so no other process can take the lock over while the
        /// transaction writes, and a holder that lost it writes nothing.
        /// </summary>
        public async Task FenceAsync(AnalyticsDbContext db, CancellationToken ct)
        {
            var expires = clock.GetUtcNow() + _lease;
            var renewed = await db.LockLeases.Where(l => l.Name == _name && l.Owner == _owner)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, expires), ct);
            if (renewed != 1)
                throw new LockLostException($"The lock '{_name}' was lost by {_owner}: its lease (Jobs:LockLease, {_lease}) expired "
                    + "and another process took it. This run stopped without writing; the other process carries on.");
            Interlocked.Exchange(ref _fencedAt, clock.GetUtcNow().UtcTicks);
        }

        private async Task RenewWhileHeldAsync(TimeSpan every, TimeSpan lease)
        {
            using var timer = new PeriodicTimer(every, clock);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    // A holder that fences in every transaction keeps its lease alive itself. The timer's write, on a
                    // connection of its own, would also make SQLite drop the holder connection's page cache (in WAL mode
                    // another connection's commit invalidates it), which cost the full recompute a large share of its time.
                    if (clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _fencedAt) < every.Ticks)
                        continue;
                    try
                    {
                        TimerRenewals++;
                        if (!await _lock.RenewAsync(_name, _owner, lease, _stop.Token))
                        {
                            _lock.Logger.LogError("Lock {Name} was lost by {Owner}: its lease expired before renewal and another process took it", _name, _owner);
                            return;
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A busy database delays one renewal; two more chances remain before the lease expires.
                        _lock.Logger.LogWarning(ex, "Renewing lock {Name} failed; retrying at the next tick", _name);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Released: renewal ends here.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            _stop.Dispose();
            await _lock.ReleaseAsync(_name, _owner);
            _lock.Logger.LogDebug("Lock {Name} released by {Owner}", _name, _owner);
        }
    }
}

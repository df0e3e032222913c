using System.Data;
using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Retention;

/// <summary>What a purge removes (or, dry, would remove): every raw activity before <see cref="Before"/>.</summary>
public sealed record PurgeResult(DateOnly? Before, DateOnly? Cutoff, long Activities, bool DryRun, string? HeldBack);

/// <summary>
/// Deletes raw activities older than <see cref="RetentionOptions.RawActivityMonths"/>, but only up to the first day that
/// must stay: a day still marked dirty (its aggregates do not yet reflect its rows) or, once months are being closed,
/// the first month that is not closed. Purged days keep their aggregates for good: the day before which everything
/// is purged (the horizon, recorded in the audit entry) is where aggregation stops recomputing (ADR 0908).
/// </summary>
public sealed class RetentionPurger(AnalyticsDbContext db, IOptions<RetentionOptions> options, TimeProvider clock, Coordination.DatabaseLock locks,
    ILogger<RetentionPurger> logger)
{
    public const string AuditAction = "retention.purged";
    private const string SubjectPrefix = "RawActivity:before:";

    /// <summary>The day before which raw activities have been purged, or null when nothing ever was.</summary>
    public static async Task<DateOnly?> HorizonAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var subjects = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditAction && a.Subject != null)
            .Select(a => a.Subject!).ToListAsync(ct);
        return subjects.Select(s => DateOnly.ParseExact(s[SubjectPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Select(d => (DateOnly?)d).Max();
    }

    /// <summary>The database lock a purge holds, so two processes never purge at once (ADR 1503).</summary>
    public const string LockName = "retention";

    public async Task<PurgeResult> PurgeAsync(bool dryRun, string actor, CancellationToken ct)
    {
        await using var held = await locks.AcquireAsync(LockName, ct);
        return await PurgeHoldingLockAsync(held, dryRun, actor, ct);
    }

    private async Task<PurgeResult> PurgeHoldingLockAsync(Coordination.DatabaseLock.HeldLock held, bool dryRun, string actor, CancellationToken ct)
    {
        var months = options.Value.RawActivityMonths;
        if (months == 0)
            return new PurgeResult(null, null, 0, dryRun, "Retention:RawActivityMonths is 0 (keep forever)");

        var now = clock.GetUtcNow();
        var cutoff = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-months);
        var (before, heldBack) = await PurgeableBeforeAsync(cutoff, ct);
        var end = before.ToDateTime(TimeOnly.MinValue);
        if (dryRun)
            return new PurgeResult(before, cutoff, await db.Activities.LongCountAsync(a => a.OccurredAt < end, ct), true, heldBack);

        long deleted = 0;
        AuditEntry? audit = null;
        while (true)
        {
            // Serializable (BEGIN IMMEDIATE on SQLite): an import that adds rows to an old day commits its dirty mark
            // before or after this batch, never in between the check and the delete.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            await held.FenceAsync(db, ct);
            if (await db.DirtyDays.AnyAsync(d => d.Day < before, ct))
            {
                heldBack = "a day before the horizon was marked dirty while purging; the next purge continues";
                break;
            }

            // Oldest first along the OccurredAt index: each batch locks one contiguous stretch of old time, never the
            // scattered Id ranges new imports into recent days write to (ADR 1403).
            var ids = await db.Activities.Where(a => a.OccurredAt < end).OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
                .Select(a => a.Id).Take(options.Value.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
                break;
            deleted += await db.Activities.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(ct);

            // One audit entry per purge, updated with each batch in the batch's transaction: it always says exactly
            // what is gone, even when the process is killed between batches.
            audit ??= db.AuditEntries.Add(new AuditEntry { At = now, Actor = actor, Action = AuditAction, Subject = $"{SubjectPrefix}{before:yyyy-MM-dd}" }).Entity;
            audit.Details = string.Create(CultureInfo.InvariantCulture,
                $"{deleted} raw activities before {before:yyyy-MM-dd} deleted (retention {months} months, cut-off {cutoff:yyyy-MM-dd}){(heldBack is null ? "" : "; held back: " + heldBack)}");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        logger.LogInformation("Retention purge: {Deleted} raw activities before {Before} deleted (cut-off {Cutoff}, held back: {HeldBack})",
            deleted, before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), heldBack ?? "no");
        return new PurgeResult(before, cutoff, deleted, false, heldBack);
    }

    /// <summary>The cut-off, or earlier: the first dirty day, or the first month not closed once months are closed.</summary>
    private async Task<(DateOnly Before, string? HeldBack)> PurgeableBeforeAsync(DateOnly cutoff, CancellationToken ct)
    {
        var before = cutoff;
        string? heldBack = null;
        var firstDirty = await db.DirtyDays.Where(d => d.Day < before).OrderBy(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync(ct);
        if (firstDirty is { } dirty)
        {
            before = dirty;
            heldBack = $"{dirty:yyyy-MM-dd} is not aggregated yet";
        }

        var closed = (await db.MonthCloses.AsNoTracking().Select(m => m.Month).ToListAsync(ct)).ToHashSet();
        if (closed.Count == 0)
            return (before, heldBack);

        // Months are being frozen here: purge only inside closed months, so a month's raw rows outlive its close.
        var oldest = await db.Activities.Where(a => a.OccurredAt < before.ToDateTime(TimeOnly.MinValue))
            .OrderBy(a => a.OccurredAt).Select(a => (DateTime?)a.OccurredAt).FirstOrDefaultAsync(ct);
        if (oldest is null)
            return (before, heldBack);
        for (var month = Aggregator.MonthOf(DateOnly.FromDateTime(oldest.Value)); month < before; month = month.AddMonths(1))
        {
            if (!closed.Contains(month))
                return (month, $"{month:yyyy-MM} is not closed");
        }

        return (before, heldBack);
    }
}

using Analytics.Domain.Aggregation;
using Analytics.Domain.Auditing;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// Freezes a month: brings its aggregates up to date, then writes <see cref="MonthClose"/> and one
/// <see cref="MonthlySnapshot"/> per person in one transaction. Closed months' leaderboards read the
/// snapshots; their points are no longer recomputed unless HR asks (<see cref="RecomputeRangeAsync"/>).
/// </summary>
public sealed class MonthCloser(AnalyticsDbContext db, Aggregator aggregator, TimeProvider clock)
{
    /// <returns>False when the month was already closed (running the job twice is harmless).</returns>
    public async Task<bool> CloseAsync(DateOnly month, string actor, CancellationToken ct)
    {
        // The aggregation lock for the whole close: no other aggregation (or close) of any process runs between this
        // close's aggregation and its snapshot, and two closes of one month cannot both pass the check below.
        await using var held = await aggregator.AcquireLockAsync(ct);
        month = Aggregator.MonthOf(month);
        if (await db.MonthCloses.AnyAsync(m => m.Month == month, ct))
            return false;
        if (month.AddMonths(1) > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            throw new InvalidOperationException($"{month:yyyy-MM} has not ended yet.");

        await aggregator.RunHoldingLockAsync(held, full: false, ct);
        await aggregator.CompactExpertiseAsync(held, month, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await held.FenceAsync(db, ct);
        db.MonthCloses.Add(new MonthClose { Month = month, ClosedAt = clock.GetUtcNow(), ClosedBy = actor });
        await db.SaveChangesAsync(ct);
        await WriteSnapshotsAsync(month, ct);
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = "month.closed", Subject = $"Month:{month:yyyy-MM}" });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// HR's recompute of a range: audited, recomputes every day of it including points of closed months, and
    /// rewrites the snapshots of the closed months it touches.
    /// </summary>
    public async Task<AggregationResult> RecomputeRangeAsync(DateOnly from, DateOnly to, string actor, string reason, CancellationToken ct)
    {
        if (to < from)
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        var now = clock.GetUtcNow();
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = now,
                Actor = actor,
                Action = "aggregation.recomputed",
                Subject = $"Range:{from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
                Details = reason,
            });
            await db.SaveChangesAsync(ct);
            await DirtyDays.MarkAsync(db, days, now, ct);
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        // The lock until the snapshots are rewritten: a close or another recompute between the two would leave
        // snapshots that match neither.
        await using var held = await aggregator.AcquireLockAsync(ct);
        var result = await aggregator.RunHoldingLockAsync(held, full: false, ct, days.ToHashSet());
        var closed = await db.MonthCloses.Where(m => m.Month >= Aggregator.MonthOf(from) && m.Month <= to).Select(m => m.Month).ToListAsync(ct);
        foreach (var month in closed)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await held.FenceAsync(db, ct);
            await db.MonthlySnapshots.Where(s => s.Month == month).ExecuteDeleteAsync(ct);
            await WriteSnapshotsAsync(month, ct);
            await transaction.CommitAsync(ct);
        }

        return result;
    }

    private async Task WriteSnapshotsAsync(DateOnly month, CancellationToken ct)
    {
        var end = month.AddMonths(1);
        var last = end.AddDays(-1);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var metrics = await db.DailyPersonMetrics.AsNoTracking().Where(m => m.Day >= month && m.Day < end)
            .GroupBy(m => new { m.PersonId, m.Type })
            .Select(g => new { g.Key.PersonId, g.Key.Type, Count = g.Sum(m => m.Count), Quantity = g.Sum(m => m.Quantity), Cross = g.Sum(m => m.CrossTeam) })
            .ToListAsync(ct);
        var points = await db.PointsEntries.AsNoTracking().Where(p => p.Day >= month && p.Day < end)
            .GroupBy(p => p.PersonId).Select(g => new { PersonId = g.Key, Points = g.Sum(p => p.Points) })
            .ToDictionaryAsync(p => p.PersonId, p => p.Points, ct);
        var monthStart = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var monthEnd = new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var recognition = (await db.RecognitionAwards.AsNoTracking()
                .Where(a => a.Status == AwardStatus.Approved)
                .Select(a => new { a.RecipientId, a.Points, a.DecidedAt, a.CreatedAt })
                .ToListAsync(ct))
            .Where(a => (a.DecidedAt ?? a.CreatedAt) >= monthStart && (a.DecidedAt ?? a.CreatedAt) < monthEnd)
            .GroupBy(a => a.RecipientId).ToDictionary(g => g.Key, g => (double)g.Sum(a => a.Points));
        var personOfEmployee = people.All.Where(p => p.EmployeeId is not null).ToDictionary(p => p.EmployeeId!.Value, p => p.PersonId);

        var persons = metrics.Select(m => m.PersonId).Concat(points.Keys)
            .Concat(recognition.Keys.Where(personOfEmployee.ContainsKey).Select(e => personOfEmployee[e])).Distinct();
        foreach (var personId in persons)
        {
            var own = metrics.Where(m => m.PersonId == personId).ToList();
            var employeeId = people.Find(personId)?.EmployeeId;
            db.MonthlySnapshots.Add(new MonthlySnapshot
            {
                Month = month,
                PersonId = personId,
                DepartmentId = people.Find(personId)?.DepartmentAtEndOf(month, last),
                Points = Math.Round(points.GetValueOrDefault(personId), 4),
                RecognitionPoints = employeeId is { } e ? recognition.GetValueOrDefault(e) : 0,
                Contributions = own.Where(m => m.Type.IsContribution()).Sum(m => m.Count),
                ReuseReceived = own.Where(m => m.Type.IsReuse()).Sum(m => m.Quantity),
                CrossTeamReuse = own.Where(m => m.Type.IsReuse()).Sum(m => m.Cross),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}

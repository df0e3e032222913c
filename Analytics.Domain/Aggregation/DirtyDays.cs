using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Domain.Aggregation;

/// <summary>
/// The hand-over between writers (ingestion, identity changes) and the aggregation job: a writer marks
/// the UTC days it touched, in its own transaction; aggregation recomputes exactly those days.
/// </summary>
public static class DirtyDays
{
    public static DateOnly DayOf(DateTime occurredAtUtc) => DateOnly.FromDateTime(occurredAtUtc);

    /// <summary>
    /// Marks the days (a new row, or the existing row's <see cref="DirtyDay.Generation"/> bumped) and saves. Call inside the
    /// transaction that changed the data. Two writers may mark the same new day at once (SQL Server has no single writer):
    /// the one whose insert meets the other's row (duplicate key) re-reads and bumps instead.
    /// </summary>
    public static async Task MarkAsync(AnalyticsDbContext db, IEnumerable<DateOnly> days, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = days.Distinct().ToList();
        if (wanted.Count == 0)
            return;

        // The caller's own pending changes first, so that a duplicate-key retry below only concerns dirty days.
        await db.SaveChangesAsync(ct);
        foreach (var chunk in wanted.Chunk(500))
        {
            for (var attempt = 1; ; attempt++)
            {
                var bumped = await db.DirtyDays.Where(d => chunk.Contains(d.Day)).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Generation, d => d.Generation + 1)
                    .SetProperty(d => d.MarkedAt, now), ct);
                if (bumped == chunk.Length)
                    break;

                var existing = await db.DirtyDays.Where(d => chunk.Contains(d.Day)).Select(d => d.Day).ToListAsync(ct);
                var added = chunk.Except(existing).Select(day => new DirtyDay { Day = day, MarkedAt = now, Generation = 1 }).ToList();
                db.DirtyDays.AddRange(added);
                try
                {
                    await db.SaveChangesAsync(ct);
                    foreach (var day in added)
                        db.Entry(day).State = EntityState.Detached;
                    break;
                }
                catch (DbUpdateException error) when (DuplicateKey.Is(error) && attempt < 3)
                {
                    // Another writer inserted one of these days after we looked: bump it (the days that existed are
                    // bumped twice, which only means "dirty" twice).
                    foreach (var day in added)
                        db.Entry(day).State = EntityState.Detached;
                }
            }
        }
    }
}

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

    /// <summary>Adds the days not yet marked and saves. Call inside the transaction that changed the data.</summary>
    public static async Task MarkAsync(AnalyticsDbContext db, IEnumerable<DateOnly> days, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = days.Distinct().ToList();
        if (wanted.Count == 0)
            return;

        foreach (var chunk in wanted.Chunk(500))
        {
            var existing = await db.DirtyDays.Where(d => chunk.Contains(d.Day)).Select(d => d.Day).ToListAsync(ct);
            db.DirtyDays.AddRange(chunk.Except(existing).Select(day => new DirtyDay { Day = day, MarkedAt = now }));
        }

        await db.SaveChangesAsync(ct);
    }
}

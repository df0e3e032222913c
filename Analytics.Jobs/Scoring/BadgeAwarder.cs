using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Scoring;

/// <summary>
/// Awards the milestones of <see cref="BadgeCatalog"/> from the daily person metrics (people who have not reached a
/// threshold in the monthly roll-ups are not read further). A badge is awarded once
/// and never taken back (a later merge or correction does not revoke a milestone someone was shown).
/// </summary>
public sealed class BadgeAwarder(AnalyticsDbContext db)
{
    // candidates: Persons whose figures changed; null checks everyone.
    // beforeSave: run inside the transaction that stores the awards, before they are stored (the aggregation's lock
    // fence and its clearing of the pending checks, ADR 1508); the reading above stays outside it, so the database's
    // write lock is held only for the writing.
    public async Task<int> AwardAsync(IReadOnlySet<int>? candidates, CancellationToken ct, Func<CancellationToken, Task>? beforeSave = null)
    {
        var bots = (await db.Persons.Where(p => p.IsBot).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        var awarded = 0;
        foreach (var badge in BadgeCatalog.All)
        {
            var holders = (await db.BadgeAwards.Where(b => b.BadgeCode == badge.Code).Select(b => b.PersonId).ToListAsync(ct)).ToHashSet();
            var types = badge.Types.ToList();
            var query = db.DailyPersonMetrics.AsNoTracking().Where(m => types.Contains(m.Type));
            List<int> ids;
            if (candidates is null)
            {
                ids = await query.Select(m => m.PersonId).Distinct().ToListAsync(ct);
            }
            else
            {
                ids = candidates.ToList();
            }

            ids = ids.Where(id => !holders.Contains(id) && !bots.Contains(id)).ToList();
            foreach (var chunk in ids.Chunk(500))
            {
                var reaching = await ReachingAsync(badge, types, chunk, ct);
                if (reaching.Count == 0)
                    continue;
                var rows = await query.Where(m => reaching.Contains(m.PersonId))
                    .Select(m => new { m.PersonId, m.Day, m.Count, m.Quantity, m.CrossTeam })
                    .ToListAsync(ct);
                foreach (var person in rows.GroupBy(r => r.PersonId))
                {
                    var day = BadgeCatalog.DayReached(badge, person.GroupBy(r => r.Day).Select(d => (d.Key, d.Sum(r => badge.Measure switch
                    {
                        BadgeMeasure.Count => r.Count,
                        BadgeMeasure.CrossTeam => r.CrossTeam,
                        _ => r.Quantity,
                    }))));
                    if (day is null)
                        continue;
                    db.BadgeAwards.Add(new BadgeAward
                    {
                        PersonId = person.Key,
                        BadgeCode = badge.Code,
                        AwardedOn = day.Value,
                        Evidence = string.Create(CultureInfo.InvariantCulture, $"{badge.Description} Reached on {day:yyyy-MM-dd}."),
                    });
                    awarded++;
                }
            }
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (beforeSave is not null)
                await beforeSave(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        db.ChangeTracker.Clear();
        return awarded;
    }

    /// <summary>
    /// Of <paramref name="people"/>, those whose total over the monthly roll-ups (ADR 2011) reaches the badge's threshold:
    /// only their day rows are read to find the day it was reached. Everyone else's day rows would be their whole history
    /// for nothing; an incremental run checks everyone active that day (ADR 2306). The roll-ups sum the same day values in
    /// another order, so the threshold is lowered by a rounding margin; the day rows decide.
    /// </summary>
    private async Task<List<int>> ReachingAsync(BadgeDefinition badge, List<ActivityType> types, int[] people, CancellationToken ct)
    {
        var totals = await db.MonthlyPersonMetrics.AsNoTracking()
            .Where(m => types.Contains(m.Type) && people.Contains(m.PersonId))
            .GroupBy(m => m.PersonId)
            .Select(g => new { PersonId = g.Key, Count = g.Sum(m => m.Count), Quantity = g.Sum(m => m.Quantity), CrossTeam = g.Sum(m => m.CrossTeam) })
            .ToListAsync(ct);
        var margin = badge.Threshold * (1 - 1e-9);
        return [.. totals.Where(t => badge.Measure switch
        {
            BadgeMeasure.Count => t.Count,
            BadgeMeasure.CrossTeam => t.CrossTeam,
            _ => t.Quantity,
        } >= margin).Select(t => t.PersonId)];
    }
}

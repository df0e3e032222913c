using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Metrics;

/// <summary>
/// Everything the aggregation stores for one UTC day, computed from that day's activities alone (plus the
/// people directory). Because a day depends on nothing else, recomputing only the days that changed gives
/// the same rows as recomputing everything.
/// </summary>
public sealed record DayAggregate(
    DateOnly Day,
    IReadOnlyList<CreditedEvent> Events,
    IReadOnlyList<DailyPersonMetric> PersonMetrics,
    IReadOnlyList<DailyFlow> Flows,
    IReadOnlyList<DailyPairReuse> Pairs)
{
    public static DayAggregate Compute(DateOnly day, IEnumerable<ActivityFact> facts, PeopleDirectory people)
    {
        var events = new List<CreditedEvent>();
        var seenViews = new HashSet<(int Viewer, long Item)>();
        // Earliest first, so that the view that counts and the order caps are applied in are stable.
        foreach (var fact in facts.Where(f => DirtyDays.DayOf(f.OccurredAt) == day).OrderBy(f => f.OccurredAt).ThenBy(f => f.ActivityId))
        {
            var credited = ActivityCredit.Credit(fact, people);
            if (credited is null)
                continue;
            if (credited.Type == ActivityType.Viewed && credited.ReuserPersonId is { } viewer)
            {
                // A view counts once per viewer, item and day, whatever the record's quantity says.
                if (fact.ItemId is { } item && !seenViews.Add((viewer, item)))
                    continue;
                credited = credited with { Units = 1 };
            }

            events.Add(credited);
        }

        var metrics = events
            .GroupBy(e => (e.PersonId, e.Type))
            .Select(g => new DailyPersonMetric
            {
                Day = day,
                PersonId = g.Key.PersonId,
                Type = g.Key.Type,
                DepartmentId = g.First().DepartmentId,
                Count = g.Count(),
                Quantity = g.Sum(e => e.Units),
                CrossTeam = g.Where(e => e.IsCrossTeam).Sum(e => e.Units),
            })
            .OrderBy(m => m.PersonId).ThenBy(m => m.Type)
            .ToList();

        var flows = events
            .Where(e => e.Type.IsReuse() && e.DepartmentId is not null && e.ReuserDepartmentId is not null)
            .GroupBy(e => (Author: e.DepartmentId!.Value, Reuser: e.ReuserDepartmentId!.Value, e.Type))
            .Select(g => new DailyFlow
            {
                Day = day,
                AuthorDepartmentId = g.Key.Author,
                ReuserDepartmentId = g.Key.Reuser,
                Type = g.Key.Type,
                Events = g.Sum(e => e.Units),
            })
            .ToList();

        var pairs = events
            .Where(e => e.ReuserPersonId is not null)
            .GroupBy(e => (Reuser: e.ReuserPersonId!.Value, Author: e.PersonId, e.Type))
            .Select(g => new DailyPairReuse
            {
                Day = day,
                ReuserPersonId = g.Key.Reuser,
                AuthorPersonId = g.Key.Author,
                Type = g.Key.Type,
                Events = g.Sum(e => e.Units),
            })
            .ToList();

        return new DayAggregate(day, events, metrics, flows, pairs);
    }
}

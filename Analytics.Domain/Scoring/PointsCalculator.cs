using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;

namespace Analytics.Domain.Scoring;

/// <summary>The rules in force, by type and day.</summary>
public sealed class RuleBook(IEnumerable<ScoringRule> rules)
{
    private readonly ILookup<ActivityType, ScoringRule> _byType = rules.ToLookup(r => r.Type);

    public ScoringRule? For(ActivityType type, DateOnly day) =>
        _byType[type].FirstOrDefault(r => r.EffectiveFrom <= day && (r.EffectiveTo is null || day < r.EffectiveTo));
}

/// <summary>A reuser, an author and a reuse type: the unit the monthly pair cap counts in.</summary>
public readonly record struct ReusePair(int ReuserPersonId, int AuthorPersonId, ActivityType Type);

/// <summary>
/// Points of one day. Events are taken in time order; each event is first checked against the pair cap (the
/// first N events of a type from one reuser to one author in a calendar month are eligible, counting events
/// of earlier days in <c>pairUsedBefore</c>), then against the daily cap (at most M eligible events of a type
/// score per credited person and day). An event that passes scores the cross-team points when it is
/// cross-team and the rule has them, the ordinary points otherwise. What the caps cut is kept as
/// <see cref="PointsEntry.CappedEvents"/>, so a person's points can be explained line by line.
/// </summary>
public static class PointsCalculator
{
    public static IReadOnlyList<PointsEntry> Score(
        DateOnly day, IEnumerable<CreditedEvent> events, RuleBook rules, IReadOnlyDictionary<ReusePair, double> pairUsedBefore)
    {
        var pairUsedToday = new Dictionary<ReusePair, double>();
        var entries = new Dictionary<(int Person, ActivityType Type), PointsEntry>();
        var scoredToday = new Dictionary<(int Person, ActivityType Type), double>();
        foreach (var e in events.OrderBy(e => e.OccurredAt).ThenBy(e => e.ActivityId))
        {
            var rule = rules.For(e.Type, day);
            if (rule is null)
                continue;

            var eligible = e.Units;
            if (rule.PairCapPerMonth is { } pairCap && e.ReuserPersonId is { } reuser)
            {
                var pair = new ReusePair(reuser, e.PersonId, e.Type);
                var today = pairUsedToday.GetValueOrDefault(pair);
                var used = pairUsedBefore.GetValueOrDefault(pair) + today;
                eligible = Math.Clamp(pairCap - used, 0, e.Units);
                pairUsedToday[pair] = today + e.Units;
            }

            var key = (e.PersonId, e.Type);
            var scored = eligible;
            if (rule.DailyCapPerPerson is { } dailyCap)
            {
                var soFar = scoredToday.GetValueOrDefault(key);
                scored = Math.Clamp(dailyCap - soFar, 0, eligible);
            }

            scoredToday[key] = scoredToday.GetValueOrDefault(key) + scored;
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new PointsEntry { PersonId = e.PersonId, Day = day, Type = e.Type, ScoringRuleId = rule.Id, ScoringRule = null };
                entries[key] = entry;
            }

            entry.Events += e.Units;
            if (e.IsCrossTeam)
                entry.CrossTeamEvents += e.Units;
            entry.CappedEvents += e.Units - scored;
            entry.Points += scored * (e.IsCrossTeam && rule.CrossTeamPointsPerEvent is { } cross ? cross : rule.PointsPerEvent);
        }

        foreach (var entry in entries.Values)
            entry.Points = Math.Round(entry.Points, 4);
        return entries.Values.OrderBy(p => p.PersonId).ThenBy(p => p.Type).ToList();
    }
}

using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Communities;

/// <summary>A channel, space or tag whose contributors span several departments: a candidate community.</summary>
public sealed record CommunitySuggestion(int SourceSystemId, string Source, string Value, int Departments, int Contributors);

/// <summary>
/// Candidates for communities of practice (ADR 1711): over the 12 months up to today, the channels, spaces and tags
/// whose contributors come from at least <see cref="CommunityRules.SuggestionMinimumDepartments"/> departments with
/// at least the minimum group size of contributors each, ranked by those departments, then contributors. Values
/// already a member of a community are left out. A contributor counts in the department they sit in at the end of
/// the window (or on their last day).
/// </summary>
public sealed class CommunitySuggestions(AnalyticsDbContext db, TimeProvider clock)
{
    public const int MaxSuggestions = 20;

    public async Task<IReadOnlyList<CommunitySuggestion>> RunAsync(int minimumGroupSize, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddMonths(-CommunityRules.TrendMonths);
        var start = from.ToDateTime(TimeOnly.MinValue);
        var contributions = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        // One row per source, topics and person: the grouping keeps this O(people x containers), not O(activities).
        var rows = await db.Activities.AsNoTracking()
            .Where(a => a.OccurredAt >= start && contributions.Contains(a.Type) && a.ActorAccountId != null && !a.ActorAccount!.IsBot && a.Item != null
                        && (a.Item.Topics != null || (a.Item.Parent != null && a.Item.Parent.Topics != null)))
            .GroupBy(a => new { a.Item!.SourceSystemId, Topics = a.Item.Topics ?? a.Item.Parent!.Topics, a.ActorAccount!.PersonId })
            .Select(g => g.Key)
            .ToListAsync(ct);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var taken = (await db.CommunityMembers.AsNoTracking().Select(m => new { m.SourceSystemId, m.MatchKey }).ToListAsync(ct))
            .Select(m => (m.SourceSystemId, m.MatchKey)).ToHashSet();
        var sources = await db.SourceSystems.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        var byValue = new Dictionary<(int Source, string Key), (string Value, Dictionary<int, HashSet<int>> Departments)>();
        foreach (var row in rows)
        {
            if (people.Find(row.PersonId) is not { CountsInGroups: true } person || person.DepartmentAtEndOf(from, today) is not { } department)
                continue;
            foreach (var value in CommunityRules.TopicsOf(row.Topics))
            {
                var key = (row.SourceSystemId, CommunityMember.KeyOf(value));
                if (taken.Contains(key))
                    continue;
                if (!byValue.TryGetValue(key, out var entry))
                    byValue[key] = entry = (value, []);
                if (!entry.Departments.TryGetValue(department, out var set))
                    entry.Departments[department] = set = [];
                set.Add(row.PersonId);
            }
        }

        return byValue
            .Select(e => (e.Key, e.Value.Value, Qualifying: e.Value.Departments.Values.Where(p => p.Count >= minimumGroupSize).ToList()))
            .Where(e => e.Qualifying.Count >= CommunityRules.SuggestionMinimumDepartments)
            .Select(e => new CommunitySuggestion(e.Key.Source, sources.GetValueOrDefault(e.Key.Source, "?"), e.Value, e.Qualifying.Count,
                e.Qualifying.Sum(p => p.Count)))
            .OrderByDescending(s => s.Departments).ThenByDescending(s => s.Contributors).ThenBy(s => s.Source, StringComparer.Ordinal)
            .ThenBy(s => s.Value, StringComparer.Ordinal)
            .Take(MaxSuggestions).ToList();
    }
}

using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Leaderboards;

public enum LeaderboardMetric
{
    Points,
    Contributions,
    Reuse,
    CrossTeam,
}

// Population: employees (the default) or the unlinked people found in sources, never both in one ranking (ADR 2201).
public sealed record LeaderboardFilter(ReportingPeriod Period, LeaderboardMetric Metric = LeaderboardMetric.Points, string? Scope = null, int? Top = null,
    Population Population = Population.Employees);

public sealed record LeaderboardRow(int Rank, int PersonId, string Name, string? Department, double Value);

// FrozenMonths: Months read from their month-close snapshot. EmptyReason: why no one is ranked, in words (null with rows).
public sealed record LeaderboardView(LeaderboardFilter Filter, string ScopeName, IReadOnlyList<LeaderboardRow> Rows, IReadOnlyList<DateOnly> FrozenMonths,
    string? EmptyReason = null);

/// <summary>
/// Ranks people over a period. Closed months wholly inside the period come from their snapshots, the rest
/// from the live aggregates. The scope is the department subtree a person belongs to at the period's end.
/// </summary>
public sealed class LeaderboardQuery(AnalyticsDbContext db)
{
    /// <param name="filter">Period, metric, scope, cut and population of the ranking.</param>
    /// <param name="ct">Cancels the reads.</param>
    /// <param name="listed">
    /// Persons listed even without any value in the period (the dashboard passes those recognised in it, so an award
    /// approved this month has a row before any activity of the month is imported). They pass the same population,
    /// opt-out, leaver and scope rules as everyone and rank after all who have a value, sharing the last rank.
    /// </param>
    public async Task<LeaderboardView> RunAsync(LeaderboardFilter filter, CancellationToken ct, IReadOnlyCollection<int>? listed = null)
    {
        var (from, to) = (filter.Period.From, filter.Period.To);
        var departments = await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code, d.Name, d.Path }).ToListAsync(ct);
        string? scopePath = null;
        var scopeName = "Company";
        if (!string.IsNullOrWhiteSpace(filter.Scope))
        {
            if (filter.Population == Population.Unlinked)
                throw new ArgumentException("Unlinked people have no department: a department scope ranks employees only.", nameof(filter));
            var scope = departments.FirstOrDefault(d => string.Equals(d.Code, filter.Scope, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"No department with code '{filter.Scope}'.", nameof(filter));
            scopePath = scope.Path;
            scopeName = $"{scope.Name} ({scope.Code})";
        }

        var closed = (await db.MonthCloses.AsNoTracking().Select(m => m.Month).ToListAsync(ct)).ToHashSet();
        var frozen = filter.Period.WholeMonths().Where(closed.Contains).ToList();
        var values = new Dictionary<int, double>();
        foreach (var month in frozen)
        {
            var snapshots = await db.MonthlySnapshots.AsNoTracking().Where(s => s.Month == month).ToListAsync(ct);
            foreach (var s in snapshots)
            {
                values[s.PersonId] = values.GetValueOrDefault(s.PersonId) + filter.Metric switch
                {
                    LeaderboardMetric.Points => s.Points,
                    LeaderboardMetric.Contributions => s.Contributions,
                    LeaderboardMetric.Reuse => s.ReuseReceived,
                    _ => s.CrossTeamReuse,
                };
            }
        }

        foreach (var (start, end) in LiveRanges(from, to, frozen))
        {
            foreach (var (personId, value) in await LiveValuesAsync(filter.Metric, start, end, ct))
                values[personId] = values.GetValueOrDefault(personId) + value;
        }

        foreach (var personId in listed ?? [])
            values.TryAdd(personId, 0);

        var people = await Aggregation.PeopleDirectoryLoader.LoadAsync(db, ct);
        var byId = departments.ToDictionary(d => d.Id);
        var candidates = new List<(int PersonId, string Name, string? Department, double Value)>();
        var (members, optedOut, left, inScope) = (0, 0, 0, 0);
        foreach (var (personId, value) in values)
        {
            var person = people.Find(personId);
            if (!filter.Population.Includes(person))
                continue;
            members++;
            if (filter.Population == Population.Employees && !person!.IsRankable(to))
            {
                if (person.LeaderboardOptOut)
                    optedOut++;
                else
                    left++;
                continue;
            }

            var department = person!.DepartmentAtEndOf(from, to) is { } d ? byId.GetValueOrDefault(d) : null;
            if (scopePath is not null && (department is null || !department.Path.StartsWith(scopePath, StringComparison.Ordinal)))
                continue;
            inScope++;
            if (Math.Round(value, 4) > 0 || listed?.Contains(personId) == true)
                candidates.Add((personId, person.DisplayName, department?.Code, Math.Round(value, 4)));
        }

        var rows = Rank(candidates);
        if (filter.Top is { } top)
            rows = rows.Where(r => r.Rank <= top).ToList();
        string? reason = null;
        if (rows.Count == 0)
        {
            var inv = CultureInfo.InvariantCulture;
            var (_, general) = await new EmptyResultReasons(db).ExplainAsync(filter.Period, filter.Population, people, ct);
            var what = filter.Metric.ToString().ToLowerInvariant();
            reason = general
                ?? (members == 0 ? string.Create(inv, $"No {filter.Population.Title()} have any {what} in {filter.Period.Label}.")
                : members == optedOut + left ? string.Create(inv,
                    $"Each of the {members} employees with {what} in {filter.Period.Label} has opted out of leaderboards ({optedOut}) or left before its end ({left}).")
                : inScope == 0 ? string.Create(inv, $"None of the {filter.Population.Title()} with {what} in {filter.Period.Label} sits in {scopeName}.")
                : string.Create(inv, $"No {filter.Population.Title()} in {scopeName} have any {what} in {filter.Period.Label}."));
        }

        return new LeaderboardView(filter, scopeName, rows, frozen, reason);
    }

    /// <summary>Competition ranking: equal values share a rank and the next rank skips (1, 1, 3).</summary>
    public static List<LeaderboardRow> Rank(IEnumerable<(int PersonId, string Name, string? Department, double Value)> values)
    {
        var ordered = values.OrderByDescending(v => v.Value).ThenBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.PersonId).ToList();
        var rows = new List<LeaderboardRow>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? rows[i - 1].Rank : i + 1;
            rows.Add(new LeaderboardRow(rank, ordered[i].PersonId, ordered[i].Name, ordered[i].Department, ordered[i].Value));
        }

        return rows;
    }

    private static IEnumerable<(DateOnly From, DateOnly To)> LiveRanges(DateOnly from, DateOnly to, List<DateOnly> frozen)
    {
        var start = from;
        foreach (var month in frozen.Order())
        {
            if (month > start)
                yield return (start, month.AddDays(-1));
            start = month.AddMonths(1);
        }

        if (start <= to)
            yield return (start, to);
    }

    private async Task<Dictionary<int, double>> LiveValuesAsync(LeaderboardMetric metric, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (metric == LeaderboardMetric.Points)
        {
            return await db.PointsEntries.AsNoTracking().Where(p => p.Day >= from && p.Day <= to)
                .GroupBy(p => p.PersonId).Select(g => new { g.Key, Value = g.Sum(p => p.Points) })
                .ToDictionaryAsync(x => x.Key, x => x.Value, ct);
        }

        var types = ActivityTypes.All.Where(t => metric == LeaderboardMetric.Contributions ? t.IsContribution() : t.IsReuse()).ToList();
        var rows = db.DailyPersonMetrics.AsNoTracking().Where(m => m.Day >= from && m.Day <= to && types.Contains(m.Type));
        return metric switch
        {
            LeaderboardMetric.Contributions => await rows.GroupBy(m => m.PersonId).Select(g => new { g.Key, Value = (double)g.Sum(m => m.Count) })
                .ToDictionaryAsync(x => x.Key, x => x.Value, ct),
            LeaderboardMetric.Reuse => await rows.GroupBy(m => m.PersonId).Select(g => new { g.Key, Value = g.Sum(m => m.Quantity) })
                .ToDictionaryAsync(x => x.Key, x => x.Value, ct),
            _ => await rows.GroupBy(m => m.PersonId).Select(g => new { g.Key, Value = g.Sum(m => m.CrossTeam) })
                .ToDictionaryAsync(x => x.Key, x => x.Value, ct),
        };
    }
}

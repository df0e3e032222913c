using Analytics.Domain.Persistence;
using Analytics.Jobs.Leaderboards;
using Analytics.Jobs.Metrics;
using System.Globalization;
using Analytics.Web.Caching;
using Analytics.Web.Overview;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Dashboard;

/// <summary>
/// A ranking with each ranked person's approved recognition points for the same period. Recognition is shown
/// beside the ranking, never added into the value it ranks by.
/// </summary>
public sealed record RankedLeaderboard(LeaderboardView View, IReadOnlyDictionary<int, int> RecognitionPoints)
{
    public int RecognitionOf(LeaderboardRow row) => RecognitionPoints.GetValueOrDefault(row.PersonId);
}

/// <summary>
/// Runs <see cref="LeaderboardQuery"/> for a page, the API or an export, turning an unknown scope code into a message
/// for the user. Rankings are kept per data version in the <see cref="ReadModelCache"/>: everyone opening the
/// leaderboard on Monday morning asks for the same one.
/// </summary>
public sealed class LeaderboardRunner(LeaderboardQuery query, RecognitionQuery recognition, AnalyticsDbContext db, ReadModelCache cache)
{
    public async Task<(RankedLeaderboard? Result, string? Error)> RunAsync(LeaderboardFilter filter, CancellationToken ct)
    {
        if (filter.Population == Population.Unlinked && filter.Scope is not null)
            return (null, "Unlinked people have no department: choose the company scope to rank them.");
        if (filter.Scope is { } scope && !await ScopeExistsAsync(scope, ct))
            return (null, $"No department with code '{scope}'.");
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{OverviewQuery.CacheKey("leaderboard", filter.Period)}:{filter.Metric}:{filter.Scope?.ToUpperInvariant()}:{filter.Top}:{filter.Population}");
        return (await cache.GetAsync(key, (services, t) => services.GetRequiredService<LeaderboardRunner>().ComputeAsync(filter, t), ct), null);
    }

    private async Task<RankedLeaderboard> ComputeAsync(LeaderboardFilter filter, CancellationToken ct)
    {
        // Recognised employees are listed even with no activity in the period: an award approved this month shows
        // in this month's column although the month's activity may not be imported yet (issue 18).
        var byEmployee = await recognition.ApprovedPointsAsync(filter.Period, ct);
        var employees = byEmployee.Keys.ToList();
        var recognised = employees.Count == 0 || filter.Population != Population.Employees ? []
            : await db.Persons.AsNoTracking().Where(p => p.EmployeeId != null && employees.Contains(p.EmployeeId.Value) && !p.IsBot)
                .Select(p => p.Id).ToListAsync(ct);
        var view = await query.RunAsync(filter, ct, recognised);
        return new RankedLeaderboard(view, await RecognitionPointsAsync(view, byEmployee, ct));
    }

    public async Task<IReadOnlyList<(string Code, string Name, int Depth)>> ScopesAsync(CancellationToken ct) =>
        (await db.Departments.AsNoTracking().OrderBy(d => d.Path).Select(d => new { d.Code, d.Name, d.Depth }).ToListAsync(ct))
            .Select(d => (d.Code, d.Name, d.Depth)).ToList();

    // Awards go to employees, the ranking lists persons: only ranked persons (so never an opted-out one) get a figure.
    private async Task<IReadOnlyDictionary<int, int>> RecognitionPointsAsync(LeaderboardView view, IReadOnlyDictionary<int, int> byEmployee, CancellationToken ct)
    {
        if (byEmployee.Count == 0)
            return new Dictionary<int, int>();
        var ranked = view.Rows.Select(r => r.PersonId).ToList();
        var employees = await db.Persons.AsNoTracking().Where(p => ranked.Contains(p.Id) && p.EmployeeId != null)
            .Select(p => new { p.Id, EmployeeId = p.EmployeeId!.Value })
            .ToListAsync(ct);
        return employees.Where(p => byEmployee.ContainsKey(p.EmployeeId)).ToDictionary(p => p.Id, p => byEmployee[p.EmployeeId]);
    }

    // Same comparison as LeaderboardQuery (codes are case-insensitive there); done in memory because the tree is small.
    private async Task<bool> ScopeExistsAsync(string scope, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Select(d => d.Code).ToListAsync(ct))
            .Any(c => string.Equals(c, scope, StringComparison.OrdinalIgnoreCase));
}

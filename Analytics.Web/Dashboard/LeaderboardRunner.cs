using Analytics.Domain.Persistence;
using Analytics.Jobs.Leaderboards;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Dashboard;

/// <summary>Runs <see cref="LeaderboardQuery"/> for a page or the API, turning an unknown scope code into a message for the user.</summary>
public sealed class LeaderboardRunner(LeaderboardQuery query, AnalyticsDbContext db)
{
    public async Task<(LeaderboardView? View, string? Error)> RunAsync(LeaderboardFilter filter, CancellationToken ct)
    {
        if (filter.Scope is { } scope && !await ScopeExistsAsync(scope, ct))
            return (null, $"No department with code '{scope}'.");
        return (await query.RunAsync(filter, ct), null);
    }

    public async Task<IReadOnlyList<(string Code, string Name, int Depth)>> ScopesAsync(CancellationToken ct) =>
        (await db.Departments.AsNoTracking().OrderBy(d => d.Path).Select(d => new { d.Code, d.Name, d.Depth }).ToListAsync(ct))
            .Select(d => (d.Code, d.Name, d.Depth)).ToList();

    // Same comparison as LeaderboardQuery (codes are case-insensitive there); done in memory because the tree is small.
    private async Task<bool> ScopeExistsAsync(string scope, CancellationToken ct) =>
        (await db.Departments.AsNoTracking().Select(d => d.Code).ToListAsync(ct))
            .Any(c => string.Equals(c, scope, StringComparison.OrdinalIgnoreCase));
}

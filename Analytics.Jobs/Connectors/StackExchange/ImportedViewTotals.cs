using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Connectors.StackExchange;

/// <summary>
/// The views already imported per question of a source. A dump's ViewCount is a running total, so a
/// later dump contributes only what exceeds the sum stored so far. Each lookup uses its own scope (its
/// own DbContext): the runner's context is busy with batches, possibly at the same time as the connector reads.
/// </summary>
public sealed class ImportedViewTotals(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyDictionary<string, double>> ForItemsAsync(int sourceSystemId, IReadOnlyCollection<string> itemExternalIds, CancellationToken ct)
    {
        var ids = itemExternalIds.ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        return await db.Activities.AsNoTracking()
            .Where(a => a.SourceSystemId == sourceSystemId && a.Type == ActivityType.Viewed && a.Item != null && ids.Contains(a.Item.ExternalId))
            .GroupBy(a => a.Item!.ExternalId)
            .Select(g => new { ExternalId = g.Key, Total = g.Sum(a => a.Quantity) })
            .ToDictionaryAsync(x => x.ExternalId, x => x.Total, StringComparer.Ordinal, ct);
    }
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Connectors.StackExchange;

/// <summary>
/// The views already imported per question of a source. A dump's ViewCount is a running total, so a
/// later dump contributes only what exceeds the sum stored so far.
/// </summary>
public sealed class ImportedViewTotals(AnalyticsDbContext db)
{
    public async Task<IReadOnlyDictionary<string, double>> ForItemsAsync(int sourceSystemId, IReadOnlyCollection<string> itemExternalIds, CancellationToken ct)
    {
        var ids = itemExternalIds.ToList();
        return await db.Activities.AsNoTracking()
            .Where(a => a.SourceSystemId == sourceSystemId && a.Type == ActivityType.Viewed && a.Item != null && ids.Contains(a.Item.ExternalId))
            .GroupBy(a => a.Item!.ExternalId)
            .Select(g => new { ExternalId = g.Key, Total = g.Sum(a => a.Quantity) })
            .ToDictionaryAsync(x => x.ExternalId, x => x.Total, StringComparer.Ordinal, ct);
    }
}

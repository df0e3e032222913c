using Analytics.Domain.Communities;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Communities;

/// <summary>A member of a community as shown: the source's name and the channel, space or tag.</summary>
public sealed record CommunityMemberView(int Id, int SourceSystemId, string Source, string Value);

/// <summary>One month of a community's trend; null figures when the month is not disclosed.</summary>
public sealed record CommunityTrendPoint(DateOnly Month, int? Members, int? Contributions);

/// <summary>
/// One community in one month. <see cref="Figures"/> is null when the month is not disclosed (fewer active members
/// than the minimum, or recoverable by subtraction, ADR 1712); then nothing but the name and definition is shown.
/// </summary>
public sealed record CommunityHealthRow(int CommunityId, string Name, IReadOnlyList<CommunityMemberView> Definition, CommunityMonth? Figures,
    IReadOnlyList<CommunityTrendPoint> Trend)
{
    public bool Disclosed => Figures is not null;
}

public sealed record CommunitiesHealth(ReportingPeriod Month, int MinimumGroupSize, IReadOnlyList<CommunityHealthRow> Communities);

/// <summary>
/// Health of every community of practice in a month and its 12-month trend (<see cref="CommunityHealth"/>), with the
/// minimum group size and <see cref="CommunityDisclosure"/> applied to every month. Reads raw activities on the
/// communities' items (the daily aggregates do not know items), so months before the retention horizon are empty.
/// </summary>
public sealed class CommunityHealthQuery(AnalyticsDbContext db, TimeProvider clock)
{
    public async Task<CommunitiesHealth> RunAsync(ReportingPeriod month, int minimumGroupSize, CancellationToken ct, int? onlyCommunity = null)
    {
        if (month.From.Day != 1 || month.To != month.From.AddMonths(1).AddDays(-1))
            throw new ArgumentException($"Community health is per month; '{month.Label}' is not one.", nameof(month));

        var communities = await db.Communities.AsNoTracking().Include(c => c.Members).ThenInclude(m => m.SourceSystem)
            .OrderBy(c => c.Name).ToListAsync(ct);
        var itemsOf = new Dictionary<int, HashSet<long>>();
        foreach (var community in communities)
            itemsOf[community.Id] = await ItemsOfAsync(community.Members, ct);

        var months = CommunityHealth.TrendMonths(month.From);
        var start = months[0].ToDateTime(TimeOnly.MinValue);
        var end = month.From.AddMonths(1).ToDateTime(TimeOnly.MinValue).Add(AnswerTimes.Window);
        var allItems = itemsOf.Values.SelectMany(i => i).ToHashSet();
        var (facts, parentOf) = await FactsAsync(allItems, start, end, ct);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var asOf = clock.GetUtcNow().UtcDateTime;
        var factsOf = itemsOf.ToDictionary(c => c.Key, c => (IReadOnlyCollection<ActivityFact>)facts.Where(f => f.ItemId is { } i && c.Value.Contains(i)).ToList());

        // Disclosure is decided per month over all communities, so a month of the trend follows the same rule as the month shown.
        var disclosedByMonth = new Dictionary<DateOnly, IReadOnlySet<int>>();
        var healthByMonth = new Dictionary<(int, DateOnly), CommunityMonth>();
        foreach (var m in months)
        {
            var contributors = CommunityHealth.ContributorsByItem(m, facts, people);
            var footprints = communities.Select(c => new CommunityFootprint(c.Id, itemsOf[c.Id], contributors)).ToList();
            disclosedByMonth[m] = CommunityDisclosure.Disclosed(footprints, minimumGroupSize);
            foreach (var c in communities.Where(c => onlyCommunity is null || c.Id == onlyCommunity))
                healthByMonth[(c.Id, m)] = CommunityHealth.Compute(m, factsOf[c.Id], parentOf, people, asOf);
        }

        var rows = communities.Where(c => onlyCommunity is null || c.Id == onlyCommunity).Select(c => new CommunityHealthRow(c.Id, c.Name,
                c.Members.OrderBy(x => x.SourceSystem!.Name).ThenBy(x => x.Value).Select(x => new CommunityMemberView(x.Id, x.SourceSystemId, x.SourceSystem!.Name, x.Value)).ToList(),
                disclosedByMonth[month.From].Contains(c.Id) ? healthByMonth[(c.Id, month.From)] : null,
                months.Select(m => disclosedByMonth[m].Contains(c.Id)
                    ? new CommunityTrendPoint(m, healthByMonth[(c.Id, m)].Members, healthByMonth[(c.Id, m)].Contributions)
                    : new CommunityTrendPoint(m, null, null)).ToList()))
            .ToList();
        return new CommunitiesHealth(month, minimumGroupSize, rows);
    }

    /// <summary>
    /// The items of a community: those of a member's source whose Topics hold the member's value (ignoring case), and
    /// the items whose parent is one (answers and thread replies carry no tags of their own).
    /// </summary>
    public async Task<HashSet<long>> ItemsOfAsync(IEnumerable<CommunityMember> members, CancellationToken ct)
    {
        var items = new HashSet<long>();
        foreach (var member in members)
        {
            // LIKE narrows the scan (case-insensitive for ASCII on SQLite, by the column's collation on SQL Server);
            // the exact, case-insensitive comparison of whole values is made here.
            var pattern = "%" + EscapeLike(member.MatchKey) + "%";
            var candidates = await db.KnowledgeItems.AsNoTracking()
                .Where(i => i.SourceSystemId == member.SourceSystemId && i.Topics != null && EF.Functions.Like(i.Topics, pattern, "\\"))
                .Select(i => new { i.Id, i.Topics }).ToListAsync(ct);
            items.UnionWith(candidates.Where(c => CommunityRules.Matches(c.Topics, member.MatchKey)).Select(c => c.Id));
        }

        foreach (var chunk in items.Select(i => (long?)i).Chunk(1000).ToList())
        {
            var children = await db.KnowledgeItems.AsNoTracking().Where(i => chunk.Contains(i.ParentItemId)).Select(i => i.Id).ToListAsync(ct);
            items.UnionWith(children);
        }

        return items;
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);

    private async Task<(List<ActivityFact> Facts, Dictionary<long, long> ParentOf)> FactsAsync(HashSet<long> items, DateTime start, DateTime end, CancellationToken ct)
    {
        var facts = new List<ActivityFact>();
        var parentOf = new Dictionary<long, long>();
        foreach (var chunk in items.Select(i => (long?)i).Chunk(1000))
        {
            facts.AddRange(await db.Activities.AsNoTracking()
                .Where(a => a.OccurredAt >= start && a.OccurredAt < end && chunk.Contains(a.ItemId))
                .Select(a => new ActivityFact(
                    a.Id, a.Type, a.OccurredAt, a.Quantity, a.ItemId,
                    a.ActorAccountId == null ? null : (int?)a.ActorAccount!.PersonId,
                    a.ActorAccountId != null && a.ActorAccount!.IsBot,
                    a.Item == null || a.Item.AuthorAccountId == null ? null : (int?)a.Item.AuthorAccount!.PersonId,
                    a.Item != null && a.Item.AuthorAccountId != null && a.Item.AuthorAccount!.IsBot))
                .ToListAsync(ct));
            foreach (var p in await db.KnowledgeItems.AsNoTracking().Where(i => chunk.Contains(i.Id) && i.ParentItemId != null)
                         .Select(i => new { i.Id, Parent = i.ParentItemId!.Value }).ToListAsync(ct))
                parentOf[p.Id] = p.Parent;
        }

        return (facts, parentOf);
    }
}

using Analytics.Domain.Communities;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Topics;
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
    /// <summary>The same query on another context (a concurrent reader, ADR 1864).</summary>
    public CommunityHealthQuery On(AnalyticsDbContext other) => new(other, clock);

    public async Task<CommunitiesHealth> RunAsync(ReportingPeriod month, int minimumGroupSize, CancellationToken ct, int? onlyCommunity = null)
    {
        var (communities, months, disclosedByMonth, healthByMonth) = await ComputeAsync(month, minimumGroupSize, onlyCommunity, ct);
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
    /// For each of the <see cref="CommunityRules.TrendMonths"/> months ending with <paramref name="month"/>: the people
    /// counted as members of the communities whose figures that month are disclosed (the members the Communities page
    /// shows), or null when no community is disclosed that month; null as a whole when no community is defined. The
    /// scorecard's communities indicator (ADR 1833).
    /// </summary>
    public async Task<IReadOnlyDictionary<DateOnly, IReadOnlySet<int>?>?> DisclosedMembersAsync(ReportingPeriod month, int minimumGroupSize, CancellationToken ct)
    {
        var (communities, months, disclosedByMonth, healthByMonth) = await ComputeAsync(month, minimumGroupSize, null, ct);
        if (communities.Count == 0)
            return null;
        return months.ToDictionary(m => m, m => disclosedByMonth[m].Count == 0
            ? null
            : (IReadOnlySet<int>?)disclosedByMonth[m].SelectMany(c => healthByMonth[(c, m)].MemberIds).ToHashSet());
    }

    private async Task<(List<Community> Communities, IReadOnlyList<DateOnly> Months, Dictionary<DateOnly, IReadOnlySet<int>> DisclosedByMonth,
        Dictionary<(int, DateOnly), CommunityMonth> HealthByMonth)> ComputeAsync(ReportingPeriod month, int minimumGroupSize, int? onlyCommunity, CancellationToken ct)
    {
        if (month.From.Day != 1 || month.To != month.From.AddMonths(1).AddDays(-1))
            throw new ArgumentException($"Community health is per month; '{month.Label}' is not one.", nameof(month));

        var communities = await db.Communities.AsNoTracking().Include(c => c.Members).ThenInclude(m => m.SourceSystem)
            .OrderBy(c => c.Name).ToListAsync(ct);
        var rules = await TopicRuleSet.LoadAsync(db, ct);
        var topicsBySource = new Dictionary<int, List<(long Id, string Topics)>>();
        var itemsOf = new Dictionary<int, HashSet<long>>();
        foreach (var community in communities)
            itemsOf[community.Id] = await ItemsOfAsync(community.Members, rules, topicsBySource, ct);

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

        return (communities, months, disclosedByMonth, healthByMonth);
    }

    /// <summary>
    /// The items of a community: those of a member's source with a topic that is the member's value under the topic pages'
    /// reading (ADR 1701: <see cref="TopicNames.Normalise"/>, then HR's merges; a hidden topic matches nothing), so a
    /// community on "Kubernetes" holds the items tagged "kubernetes", "Kubernetes" and a tag HR merged into it; and the
    /// items whose parent is one (answers and thread replies carry no tags of their own).
    /// </summary>
    public async Task<HashSet<long>> ItemsOfAsync(IEnumerable<CommunityMember> members, CancellationToken ct) =>
        await ItemsOfAsync(members, await TopicRuleSet.LoadAsync(db, ct), [], ct);

    private async Task<HashSet<long>> ItemsOfAsync(IEnumerable<CommunityMember> members, TopicRuleSet rules,
        Dictionary<int, List<(long Id, string Topics)>> topicsBySource, CancellationToken ct)
    {
        var items = new HashSet<long>();
        foreach (var member in members)
        {
            if (TopicNames.Normalise(member.Value) is not { } key || rules.Resolve(key) is not { } topic)
                continue;
            // No LIKE on the raw text can narrow this: merged tags and other spellings share no substring with the value.
            // A source's tagged items are read once per call and matched here, with the topic pages' normaliser.
            if (!topicsBySource.TryGetValue(member.SourceSystemId, out var tagged))
            {
                topicsBySource[member.SourceSystemId] = tagged = (await db.KnowledgeItems.AsNoTracking()
                        .Where(i => i.SourceSystemId == member.SourceSystemId && i.Topics != null)
                        .Select(i => new { i.Id, i.Topics }).ToListAsync(ct))
                    .Select(i => (i.Id, i.Topics!)).ToList();
            }

            items.UnionWith(tagged.Where(t => rules.TopicsOf(t.Topics).Contains(topic, StringComparer.Ordinal)).Select(t => t.Id));
        }

        foreach (var chunk in items.Select(i => (long?)i).Chunk(1000).ToList())
        {
            var children = await db.KnowledgeItems.AsNoTracking().Where(i => chunk.Contains(i.ParentItemId)).Select(i => i.Id).ToListAsync(ct);
            items.UnionWith(children);
        }

        return items;
    }

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

using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Connectors;

/// <summary>One source account of a ranked person, as the source names it.</summary>
public sealed record RankedAccount(string ExternalId, string? DisplayName);

/// <summary>
/// A person's place for one activity type in one source; ties share a rank (1, 1, 3). Commits: for a Git source, the
/// distinct commits behind the activities (one commit touching three files is three activities), else null.
/// </summary>
public sealed record RankedPerson(int Rank, int PersonId, string DisplayName, double Value, IReadOnlyList<RankedAccount> Accounts, int? Commits = null);

/// <summary>The whole source for one type: what the ranking sums up (Commits for Git only).</summary>
public sealed record TopPeopleTotals(double Value, int People, int Activities, int? Commits);

/// <summary>
/// People ranked by one activity type in one source, the figure to check a connector against the system
/// it reads (docs/connectors.md, "Counting rule"). Contributions and learning count the activities each
/// person did (actor); reuse sums the quantity each person received as the item's author, without
/// self-reuse; bots are never ranked, and reuse done by a bot does not count.
/// </summary>
public sealed class TopPeopleQuery(AnalyticsDbContext db)
{
    public async Task<IReadOnlyList<RankedPerson>> RunAsync(int sourceSystemId, ActivityType type, int top, CancellationToken ct) =>
        (await RunWithTotalsAsync(sourceSystemId, type, top, ct)).Ranked;

    /// <summary>The ranking and the totals over everyone ranked (not only the top), with commits for a Git source.</summary>
    public async Task<(IReadOnlyList<RankedPerson> Ranked, TopPeopleTotals Totals)> RunWithTotalsAsync(
        int sourceSystemId, ActivityType type, int top, CancellationToken ct)
    {
        var isGit = await db.SourceSystems.AsNoTracking().AnyAsync(s => s.Id == sourceSystemId && s.Kind == Git.GitConnector.KindName, ct);
        var activities = db.Activities.AsNoTracking().Where(a => a.SourceSystemId == sourceSystemId && a.Type == type);
        var totals = type.IsReuse()
            ? await activities
                .Where(a => a.Item != null && a.Item.AuthorAccount != null
                            && !a.Item.AuthorAccount.IsBot && !a.Item.AuthorAccount.Person!.IsBot
                            && (a.ActorAccount == null
                                || (a.ActorAccount.PersonId != a.Item.AuthorAccount.PersonId && !a.ActorAccount.IsBot && !a.ActorAccount.Person!.IsBot)))
                .GroupBy(a => a.Item!.AuthorAccount!.PersonId)
                .Select(g => new { PersonId = g.Key, Value = g.Sum(a => a.Quantity) })
                .ToListAsync(ct)
            : await activities
                .Where(a => a.ActorAccount != null && !a.ActorAccount.IsBot && !a.ActorAccount.Person!.IsBot)
                .GroupBy(a => a.ActorAccount!.PersonId)
                .Select(g => new { PersonId = g.Key, Value = (double)g.Count() })
                .ToListAsync(ct);

        var personIds = totals.Select(t => t.PersonId).ToList();
        var persons = await db.Persons.AsNoTracking()
            .Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.DisplayName })
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        var ordered = totals.Where(t => t.Value > 0)
            .OrderByDescending(t => t.Value).ThenBy(t => persons[t.PersonId], StringComparer.Ordinal).ThenBy(t => t.PersonId)
            .ToList();

        var ranked = new List<(int Rank, int PersonId, double Value)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            // Ties share a rank: the next rank skips as many places as the tie took.
            var rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? ranked[i - 1].Rank : i + 1;
            if (rank > top)
                break;
            ranked.Add((rank, ordered[i].PersonId, ordered[i].Value));
        }

        var ids = ranked.Select(r => r.PersonId).ToList();
        var accounts = (await db.SourceAccounts.AsNoTracking()
                .Where(a => a.SourceSystemId == sourceSystemId && ids.Contains(a.PersonId))
                .Select(a => new { a.PersonId, a.ExternalId, a.DisplayName })
                .ToListAsync(ct))
            .ToLookup(a => a.PersonId);
        var commits = isGit && !type.IsReuse() ? await CommitsAsync(activities, ct) : null;
        var list = ranked.Select(r => new RankedPerson(r.Rank, r.PersonId, persons[r.PersonId], r.Value,
                accounts[r.PersonId].OrderBy(a => a.ExternalId, StringComparer.Ordinal).Select(a => new RankedAccount(a.ExternalId, a.DisplayName)).ToList(),
                commits is null ? null : commits.Count(c => c.PersonId == r.PersonId)))
            .ToList();
        var counted = ordered.Select(o => o.PersonId).ToHashSet();
        var sum = new TopPeopleTotals(ordered.Sum(o => o.Value), ordered.Count, await activities.CountAsync(ct),
            commits?.Where(c => counted.Contains(c.PersonId)).Select(c => c.Sha).Distinct(StringComparer.Ordinal).Count());
        return (list, sum);
    }

    // A Git event id is "{sha}:{path}:{account}" (GitConnector.EventId): the commit is what comes before the first colon.
    private static async Task<List<(int PersonId, string Sha)>> CommitsAsync(IQueryable<Analytics.Domain.Knowledge.Activity> activities, CancellationToken ct) =>
        (await activities.Where(a => a.ActorAccount != null && !a.ActorAccount.IsBot && !a.ActorAccount.Person!.IsBot)
            .Select(a => new { a.ActorAccount!.PersonId, Sha = a.SourceEventId.Substring(0, a.SourceEventId.IndexOf(':')) })
            .Distinct()
            .ToListAsync(ct))
        .Select(x => (x.PersonId, x.Sha)).ToList();

    /// <summary>The activity types a source has stored, to say so when asked for one it never produces.</summary>
    public async Task<IReadOnlyList<ActivityType>> TypesOfAsync(int sourceSystemId, CancellationToken ct) =>
        (await db.Activities.AsNoTracking().Where(a => a.SourceSystemId == sourceSystemId).Select(a => a.Type).Distinct().ToListAsync(ct)).Order().ToList();
}

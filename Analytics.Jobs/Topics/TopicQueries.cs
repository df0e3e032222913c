using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Topics;

public sealed record TopicEntry(string Key, int Items, double Score);

public sealed record EvidenceItem(long ItemId, string Title, string Kind, string? Url, double Points);

public sealed record ContactAccount(string Source, string Account);

public sealed record ExpertRow(
    int Rank, int PersonId, string Name, string? Department, double Score, double ContributionPoints, double ReusePoints,
    int Contributions, int AcceptedAnswers, double ReuseReceived, IReadOnlyList<EvidenceItem> TopItems, string? Email,
    IReadOnlyList<ContactAccount> Accounts);

public sealed record ExpertsView(string Typed, string? Topic, DateOnly From, DateOnly To, IReadOnlyList<ExpertRow> Experts, IReadOnlyList<TopicEntry> Suggestions);

public sealed record DepartmentFigure(string Department, double? Events, int? People);

public sealed record TopicMonth(DateOnly Month, int Contributions, double Reuse);

public sealed record OpenQuestion(long ItemId, string Title, string? Url, DateTimeOffset? AskedAt);

public sealed record TopicView(
    string Topic, DateOnly From, DateOnly To, int Items, int MinimumGroupSize, IReadOnlyList<ExpertRow> Contributors,
    IReadOnlyList<EvidenceItem> MostReused, IReadOnlyList<DepartmentFigure> Producing, IReadOnlyList<DepartmentFigure> Reusing,
    IReadOnlyList<OpenQuestion> OpenQuestions, IReadOnlyList<TopicMonth> Monthly);

public sealed record RiskPerson(string Name, double Share, DateOnly? LeaveDate);

/// <summary>
/// A topic at risk. <paramref name="MainContributors"/> are the first <see cref="TopicQueries.MaxRiskNamed"/> of the
/// people who hold half of its expertise; <paramref name="MoreMainContributors"/> counts the rest of them.
/// </summary>
public sealed record RiskRow(
    int Rank, string Topic, int BusFactor, int Contributors, double Score, double LeaversShare, IReadOnlyList<RiskPerson> MainContributors,
    int MoreMainContributors, string Why)
{
    /// <summary>"Ana 40 %; Ben 12 % and 3 more": the main contributors in one line, each described by the caller.</summary>
    public string DescribeMain(Func<RiskPerson, string> describe) =>
        string.Join("; ", MainContributors.Select(describe))
        + (MoreMainContributors > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" and {MoreMainContributors} more") : "");
}

/// <summary>
/// Expertise search, topic pages and knowledge at risk, read from an <see cref="ExpertiseIndex"/>. People who may not
/// be listed (<see cref="ExpertiseIndex.IsListable"/>) never reach a row, so page, API, export and report agree.
/// </summary>
public sealed class TopicQueries(AnalyticsDbContext db)
{
    public const int MaxExperts = 25;
    public const int MaxEvidence = 3;
    public const int MaxItems = 10;

    /// <summary>Main contributors named per topic at risk; a topic whose half rests on more people names the first ones.</summary>
    public const int MaxRiskNamed = 5;
    public const int MaxSuggestions = 500;

    public static IReadOnlyList<TopicEntry> TopicList(ExpertiseIndex index) =>
        index.RankedWithTotals().Select(t => new TopicEntry(t.Topic.Key, t.Topic.Items, t.Total)).ToList();

    public async Task<ExpertsView> ExpertsAsync(ExpertiseIndex index, string? typed, int top, CancellationToken ct)
    {
        var suggestions = TopicList(index).Take(MaxSuggestions).ToList();
        var topic = index.Find(typed);
        if (topic is null)
            return new ExpertsView(typed ?? "", null, index.From, index.To, [], suggestions);
        return new ExpertsView(typed ?? "", topic.Key, index.From, index.To, await RankAsync(index, topic, top, ct), suggestions);
    }

    /// <summary>The listable people of a topic by score, best first; equal scores share a rank.</summary>
    public async Task<IReadOnlyList<ExpertRow>> RankAsync(ExpertiseIndex index, TopicFigures topic, int top, CancellationToken ct)
    {
        var ranked = topic.People.Where(p => p.Value.Score > 0 && index.IsListable(p.Key))
            .OrderByDescending(p => p.Value.Score).ThenBy(p => p.Key)
            .Take(top).ToList();
        if (ranked.Count == 0)
            return [];
        var personIds = ranked.Select(p => p.Key).ToList();
        var itemIds = ranked.SelectMany(p => TopItems(p.Value)).Select(i => i.Key).Distinct().ToList();
        var items = await ItemsAsync(itemIds, ct);
        var employeeIds = personIds.Select(id => index.People.Find(id)!.EmployeeId!.Value).ToList();
        var emails = await db.Employees.AsNoTracking().Where(e => employeeIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Email, ct);
        var accounts = (await db.SourceAccounts.AsNoTracking().Where(a => personIds.Contains(a.PersonId) && !a.IsBot)
                .Select(a => new { a.PersonId, Source = a.SourceSystem!.Name, a.Username, a.DisplayName, a.Email, a.ExternalId })
                .ToListAsync(ct))
            .ToLookup(a => a.PersonId, a => new ContactAccount(a.Source, a.Username ?? a.Email ?? a.DisplayName ?? a.ExternalId));
        var departments = await DepartmentNamesAsync(ct);

        var rows = new List<ExpertRow>(ranked.Count);
        var rank = 0;
        double? previous = null;
        for (var i = 0; i < ranked.Count; i++)
        {
            var (personId, tally) = (ranked[i].Key, ranked[i].Value);
            if (previous is null || Math.Abs(previous.Value - tally.Score) > 1e-9)
                rank = i + 1;
            previous = tally.Score;
            var profile = index.People.Find(personId)!;
            var department = profile.DepartmentOn(index.To) is { } d ? departments.GetValueOrDefault(d) : null;
            var evidence = TopItems(tally).Select(x => Evidence(items, x.Key, x.Value)).ToList();
            rows.Add(new ExpertRow(rank, personId, profile.DisplayName, department, Math.Round(tally.Score, 2), Math.Round(tally.ContributionPoints, 2),
                Math.Round(tally.ReusePoints, 2), tally.Contributions, tally.AcceptedAnswers, tally.ReuseReceived, evidence,
                emails.GetValueOrDefault(profile.EmployeeId!.Value), accounts[personId].Distinct().OrderBy(a => a.Source, StringComparer.Ordinal).ToList()));
        }

        return rows;
    }

    public async Task<TopicView?> TopicAsync(ExpertiseIndex index, string? typed, int minimumGroupSize, CancellationToken ct)
    {
        var topic = index.Find(typed);
        if (topic is null)
            return null;
        var contributors = await RankAsync(index, topic, MaxExperts, ct);
        var reused = topic.ReuseByItem.OrderByDescending(r => r.Value).ThenBy(r => r.Key).Take(MaxItems).ToList();
        var from = new DateTimeOffset(index.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var open = topic.OpenQuestions.Where(q => q.AskedAt is null || q.AskedAt >= from)
            .OrderByDescending(q => q.AskedAt).ThenBy(q => q.ItemId).Take(MaxItems * 2).ToList();
        var items = await ItemsAsync(reused.Select(r => r.Key).Concat(open.Select(q => q.ItemId)).ToList(), ct);
        var departments = await DepartmentNamesAsync(ct);

        var months = new List<TopicMonth>();
        var first = new DateOnly(index.From.Year, index.From.Month, 1);
        for (var month = first; month <= index.To; month = month.AddMonths(1))
        {
            var m = topic.Monthly.GetValueOrDefault(month);
            months.Add(new TopicMonth(month, m.Contributions, m.Reuse));
        }

        return new TopicView(topic.Key, index.From, index.To, topic.Items, minimumGroupSize, contributors,
            reused.Select(r => Evidence(items, r.Key, r.Value)).ToList(),
            Departments(topic.Producing, departments, minimumGroupSize), Departments(topic.Reusing, departments, minimumGroupSize),
            open.Select(q => items.TryGetValue(q.ItemId, out var i) ? new OpenQuestion(q.ItemId, i.Title ?? i.ExternalId, i.Url, q.AskedAt)
                : new OpenQuestion(q.ItemId, $"item {q.ItemId}", null, q.AskedAt)).ToList(),
            months);
    }

    /// <summary>
    /// Topics ranked by risk: the share of their score held by main contributors who left or have a leave date, then the
    /// bus factor (fewest first), then the total score. A topic is at risk when its bus factor is 1 or 2, or when its
    /// leavers hold at least <see cref="Expertise.LeaverRiskShare"/> of it: one leaver among twenty people who hold half
    /// of a topic, with 3 % of it, is turnover, not knowledge at risk (it filled the list on the demo organisation).
    /// People who opted out or hid themselves are counted but not named.
    /// </summary>
    public static IReadOnlyList<RiskRow> KnowledgeAtRisk(ExpertiseIndex index)
    {
        var rows = new List<(TopicFigures Topic, int Bus, double Total, double Leavers, List<RiskPerson> Main)>();
        foreach (var topic in index.Topics.Values)
        {
            // Among the employees (humans linked to the HR directory), whether still employed or not.
            var scores = topic.People.Where(p => p.Value.Score > 0 && index.People.Find(p.Key) is { CountsInGroups: true })
                .OrderByDescending(p => p.Value.Score).ThenBy(p => p.Key).ToList();
            var total = scores.Sum(s => s.Value.Score);
            var bus = Expertise.BusFactor(scores.Select(s => s.Value.Score));
            if (bus == 0)
                continue;
            var main = scores.Take(bus).ToList();
            var leavers = main.Where(m => index.People.Find(m.Key)!.LeaveDate is not null).Sum(m => m.Value.Score) / total;
            if (bus > Expertise.RiskBusFactor && leavers < Expertise.LeaverRiskShare)
                continue;
            rows.Add((topic, bus, total, leavers, main.Select(m =>
            {
                var p = index.People.Find(m.Key)!;
                return new RiskPerson(index.IsPrivate(m.Key) ? "(not shown: opted out)" : p.DisplayName, m.Value.Score / total, p.LeaveDate);
            }).ToList()));
        }

        return rows.OrderByDescending(r => r.Leavers).ThenBy(r => r.Bus).ThenByDescending(r => r.Total).ThenBy(r => r.Topic.Key, StringComparer.Ordinal)
            .Select((r, i) => new RiskRow(i + 1, r.Topic.Key, r.Bus, r.Topic.People.Count, Math.Round(r.Total, 2), r.Leavers,
                r.Main.Take(MaxRiskNamed).ToList(), Math.Max(0, r.Main.Count - MaxRiskNamed), Why(r.Bus, r.Leavers, r.Main, index.To)))
            .ToList();
    }

    private static string Why(int bus, double leavers, List<RiskPerson> main, DateOnly today)
    {
        var parts = new List<string>
        {
            bus == 1
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"one person holds {main[0].Share:P0} of the expertise")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bus} people hold half of the expertise"),
        };
        var left = main.Count(m => m.LeaveDate is { } d && d < today);
        var leaving = main.Count(m => m.LeaveDate is { } d && d >= today);
        if (left > 0)
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{left} of them left"));
        if (leaving > 0)
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{leaving} of them {(leaving == 1 ? "has" : "have")} a leave date"));
        if (leavers > 0)
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{leavers:P0} of the topic's expertise goes with leavers"));
        return string.Join("; ", parts);
    }

    private static List<DepartmentFigure> Departments(Dictionary<int, DepartmentTally> tallies, IReadOnlyDictionary<int, string> names, int minimum) =>
        tallies.OrderByDescending(t => t.Value.Events).ThenBy(t => t.Key)
            .Select(t => t.Value.People.Count >= minimum
                ? new DepartmentFigure(names.GetValueOrDefault(t.Key, "?"), Math.Round(t.Value.Events, 2), t.Value.People.Count)
                : new DepartmentFigure(names.GetValueOrDefault(t.Key, "?"), null, null))
            .ToList();

    private static IEnumerable<KeyValuePair<long, double>> TopItems(ExpertTally tally) =>
        tally.ItemPoints.OrderByDescending(i => i.Value).ThenBy(i => i.Key).Take(MaxEvidence);

    private static EvidenceItem Evidence(Dictionary<long, KnowledgeItem> items, long id, double points) =>
        items.TryGetValue(id, out var i)
            ? new EvidenceItem(id, i.Title ?? i.ExternalId, i.Kind, i.Url, Math.Round(points, 2))
            : new EvidenceItem(id, $"item {id}", "unknown", null, Math.Round(points, 2));

    private async Task<Dictionary<long, KnowledgeItem>> ItemsAsync(List<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await db.KnowledgeItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);

    private async Task<Dictionary<int, string>> DepartmentNamesAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Topics;

/// <summary>One person's evidence on one topic over the window (<see cref="Expertise"/>).</summary>
public sealed class ExpertTally
{
    public double ContributionPoints { get; set; }
    public double ReusePoints { get; set; }
    public double Score => ContributionPoints + ReusePoints;
    public int Contributions { get; set; }
    public double ReuseReceived { get; set; }
    public int AcceptedAnswers { get; set; }

    /// <summary>Points per item: their top items on the topic.</summary>
    public Dictionary<long, double> ItemPoints => _itemPoints ??= [];

    // Made when first asked for: the scores-only index (ADR 1841) never fills it, and on the 5M benchmark database it
    // holds 720,000 tallies, whose empty dictionaries were about 55 MB for the garbage collector to promote.
    private Dictionary<long, double>? _itemPoints;
}

/// <summary>Events of a department on a topic, and how many people made them (for the minimum group size).</summary>
public sealed class DepartmentTally
{
    public double Events { get; set; }
    public HashSet<int> People { get; } = [];
}

/// <summary>Everything the topic pages, expertise search and knowledge at risk show about one topic.</summary>
public sealed class TopicFigures(string key)
{
    public string Key { get; } = key;
    public int Items { get; set; }
    public Dictionary<int, ExpertTally> People { get; } = [];
    public Dictionary<long, double> ReuseByItem { get; } = [];
    public SortedDictionary<DateOnly, (int Contributions, double Reuse)> Monthly { get; } = [];
    public Dictionary<int, DepartmentTally> Producing { get; } = [];
    public Dictionary<int, DepartmentTally> Reusing { get; } = [];
    public List<(long ItemId, DateTimeOffset? AskedAt)> OpenQuestions { get; } = [];
    public double TotalScore => People.Values.Sum(p => p.Score);
}

/// <summary>
/// Expertise, topic figures and knowledge at risk for every topic over one window, computed in one pass over the
/// window's activity on items that carry topics (ADR 1702). The web app keeps one per data version; the monthly
/// report builds its own.
/// </summary>
public sealed class ExpertiseIndex(
    DateOnly from, DateOnly to, IReadOnlyDictionary<string, TopicFigures> topics, PeopleDirectory people, IReadOnlySet<int> hiddenEmployees, TopicRuleSet rules)
{
    public DateOnly From { get; } = from;
    public DateOnly To { get; } = to;
    public IReadOnlyDictionary<string, TopicFigures> Topics { get; } = topics;
    public PeopleDirectory People { get; } = people;
    public TopicRuleSet Rules { get; } = rules;

    /// <summary>The topic a user typed, in any spelling, after HR's merges; null when there is no such topic or it is hidden.</summary>
    public TopicFigures? Find(string? typed) =>
        TopicNames.Normalise(typed) is { } key && Rules.Resolve(key) is { } resolved ? Topics.GetValueOrDefault(resolved) : null;

    /// <summary>
    /// May be listed as an expert: a linked, human employee still employed at the window's end, who neither opted out
    /// of the leaderboard nor hid themselves from expertise search.
    /// </summary>
    public bool IsListable(int personId) =>
        People.Find(personId) is { } p && p.CountsInGroups && !p.LeaderboardOptOut
        && !(p.EmployeeId is { } e && hiddenEmployees.Contains(e))
        && (p.LeaveDate is null || p.LeaveDate >= To);

    /// <summary>Opted out or hidden: never named, on any page or sheet, though their evidence still counts in a topic's totals.</summary>
    public bool IsPrivate(int personId) =>
        People.Find(personId) is { } p && (p.LeaderboardOptOut || (p.EmployeeId is { } e && hiddenEmployees.Contains(e)));

    // Totals sum every person's tally of every topic (a million on the 5M bench database): once per index, not per
    // request, or the topic list of every "Who knows" page cost more than the ranking itself (p95 590 ms at 16 clients).
    private IReadOnlyList<(TopicFigures Topic, double Total)>? _ranked;

    /// <summary>Topics with their total score, best first, then by name; computed once (the index does not change once built).</summary>
    public IReadOnlyList<(TopicFigures Topic, double Total)> RankedWithTotals() =>
        _ranked ??= Topics.Values.Select(t => (Topic: t, Total: t.TotalScore))
            .OrderByDescending(t => t.Total).ThenBy(t => t.Topic.Key, StringComparer.Ordinal).ToList();

    /// <summary>Topic keys by total score, best first, then by name.</summary>
    public IReadOnlyList<TopicFigures> Ranked() => RankedWithTotals().Select(t => t.Topic).ToList();

    /// <summary>
    /// The scores only (people's tallies without their items, and the monthly trend) of every topic with evidence in the
    /// window, read from the monthly roll-up (ADR 1841): what knowledge at risk needs, without twelve months of raw
    /// activity. Topics carry no item counts, items, departments or open questions: the pages build <see cref="BuildAsync"/>.
    /// The monthly trend (<see cref="TopicFigures.Monthly"/>) only with <paramref name="trend"/>: knowledge at risk does not read it.
    /// Without the trend, only the topics where someone earned points are listed (the evidence that earns none only
    /// feeds the trend, and is not read: ADR 1862).
    /// </summary>
    public static async Task<ExpertiseIndex> BuildScoresAsync(AnalyticsDbContext db, DateOnly windowEnd, CancellationToken ct, bool trend = true)
    {
        var (from, to) = Expertise.Window(windowEnd);
        var rules = await TopicRuleSet.LoadAsync(db, ct);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var hidden = (await db.Employees.AsNoTracking().Where(e => e.HiddenFromExpertise).Select(e => e.Id).ToListAsync(ct)).ToHashSet();
        var figures = new Dictionary<string, TopicFigures>(StringComparer.Ordinal);
        await ExpertiseEvidence.TallyAsync(ExpertiseEvidence.ReadWindowAsync(db, people, from, to, ct, scoresOnly: !trend), rules, to,
            key => figures.TryGetValue(key, out var f) ? f : figures[key] = new TopicFigures(key), ct, trend);
        return new ExpertiseIndex(from, to, figures, people, hidden, rules);
    }

    public static async Task<ExpertiseIndex> BuildAsync(AnalyticsDbContext db, DateOnly windowEnd, CancellationToken ct)
    {
        var (from, to) = Expertise.Window(windowEnd);
        var rules = await TopicRuleSet.LoadAsync(db, ct);
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var hidden = (await db.Employees.AsNoTracking().Where(e => e.HiddenFromExpertise).Select(e => e.Id).ToListAsync(ct)).ToHashSet();

        // An item's topics are its own, or its parent's when it has none: an answer carries no tags of its own.
        var rows = await db.KnowledgeItems.AsNoTracking()
            .Where(i => i.Topics != null || (i.Parent != null && i.Parent.Topics != null))
            .Select(i => new
            {
                i.Id, i.Kind, i.ParentItemId, i.CreatedAt,
                Raw = i.Topics ?? i.Parent!.Topics,
                Author = i.AuthorAccount == null || i.AuthorAccount.IsBot ? (int?)null : i.AuthorAccount.PersonId,
            })
            .ToListAsync(ct);
        var items = new Dictionary<long, (IReadOnlyList<string> Topics, int? Author)>(rows.Count);
        var figures = new Dictionary<string, TopicFigures>(StringComparer.Ordinal);
        TopicFigures Figures(string key) => figures.TryGetValue(key, out var f) ? f : figures[key] = new TopicFigures(key);
        var answeredBySomeoneElse = new HashSet<long>();
        foreach (var row in rows)
        {
            var topics = rules.TopicsOf(row.Raw);
            if (topics.Count == 0)
                continue;
            var author = row.Author is { } a && !people.IsBot(a) ? row.Author : null;
            items[row.Id] = (topics, author);
            foreach (var topic in topics)
                Figures(topic).Items++;
        }

        var authorOf = rows.ToDictionary(r => r.Id, r => r.Author);
        foreach (var row in rows)
        {
            if (row.ParentItemId is { } parent && authorOf.TryGetValue(parent, out var asker) && row.Author is { } answerer && answerer != asker)
                answeredBySomeoneElse.Add(parent);
        }

        foreach (var row in rows.Where(r => r.Kind == "question" && !answeredBySomeoneElse.Contains(r.Id) && items.ContainsKey(r.Id)))
        {
            foreach (var topic in items[row.Id].Topics)
                Figures(topic).OpenQuestions.Add((row.Id, row.CreatedAt));
        }

        var start = from.ToDateTime(TimeOnly.MinValue);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var types = ActivityTypes.All.Where(t => ActivityTypes.CategoryOf(t) != ActivityCategory.Learning).ToArray();
        // The window's activity is read without joins: items and accounts are looked up in memory. Joining each of
        // 5M activities to its item, the item's parent and the actor's account cost 7x the plain range read in SQLite
        // (the report's "Knowledge at risk" sheet took minutes on the 5M benchmark database).
        var accounts = await db.SourceAccounts.AsNoTracking()
            .Select(a => new { a.Id, a.PersonId, a.IsBot })
            .ToDictionaryAsync(a => a.Id, a => (PersonId: (int?)a.PersonId, a.IsBot), ct);
        var activities = db.Activities.AsNoTracking()
            .Where(a => a.ItemId != null && a.OccurredAt >= start && a.OccurredAt < end && types.Contains(a.Type))
            .Select(a => new { ItemId = a.ItemId!.Value, a.Type, a.Quantity, a.OccurredAt, a.ActorAccountId })
            .AsAsyncEnumerable();
        await foreach (var row in activities.WithCancellation(ct))
        {
            if (!items.TryGetValue(row.ItemId, out var item))
                continue;
            var (actorPerson, accountIsBot) = row.ActorAccountId is { } accountId && accounts.TryGetValue(accountId, out var account) ? account : (null, false);
            var day = DateOnly.FromDateTime(row.OccurredAt);
            var month = new DateOnly(day.Year, day.Month, 1);
            var actorIsBot = accountIsBot || people.IsBot(actorPerson);
            var points = Expertise.Points(row.Type, row.Quantity, day, to);
            if (row.Type.IsContribution())
            {
                if (actorPerson is not { } actor || actorIsBot)
                    continue;
                foreach (var topic in item.Topics)
                {
                    var f = Figures(topic);
                    var m = f.Monthly.GetValueOrDefault(month);
                    f.Monthly[month] = (m.Contributions + 1, m.Reuse);
                    if (people.DepartmentOn(actor, day) is { } department)
                        Tally(f.Producing, department, actor, 1);
                    if (points == 0)
                        continue;
                    var tally = Tally(f.People, actor);
                    tally.ContributionPoints += points;
                    tally.Contributions++;
                    tally.ItemPoints[row.ItemId] = tally.ItemPoints.GetValueOrDefault(row.ItemId) + points;
                }
            }
            else
            {
                // Reuse: credited to the item's author; your own reuse and a bot's never count (MetricCatalog.ReuseEvent).
                if (item.Author is not { } author || actorIsBot || actorPerson == author)
                    continue;
                foreach (var topic in item.Topics)
                {
                    var f = Figures(topic);
                    var m = f.Monthly.GetValueOrDefault(month);
                    f.Monthly[month] = (m.Contributions, m.Reuse + row.Quantity);
                    f.ReuseByItem[row.ItemId] = f.ReuseByItem.GetValueOrDefault(row.ItemId) + row.Quantity;
                    if (actorPerson is { } reuser && people.DepartmentOn(reuser, day) is { } department)
                        Tally(f.Reusing, department, reuser, row.Quantity);
                    if (points == 0)
                        continue;
                    var tally = Tally(f.People, author);
                    tally.ReusePoints += points;
                    tally.ReuseReceived += row.Quantity;
                    if (row.Type == ActivityType.Accepted)
                        tally.AcceptedAnswers++;
                    tally.ItemPoints[row.ItemId] = tally.ItemPoints.GetValueOrDefault(row.ItemId) + points;
                }
            }
        }

        return new ExpertiseIndex(from, to, figures, people, hidden, rules);
    }

    private static ExpertTally Tally(Dictionary<int, ExpertTally> tallies, int person) =>
        tallies.TryGetValue(person, out var t) ? t : tallies[person] = new ExpertTally();

    private static void Tally(Dictionary<int, DepartmentTally> tallies, int department, int person, double events)
    {
        if (!tallies.TryGetValue(department, out var t))
            tallies[department] = t = new DepartmentTally();
        t.Events += events;
        t.People.Add(person);
    }
}

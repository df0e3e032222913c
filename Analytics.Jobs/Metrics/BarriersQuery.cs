using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Metrics;

public sealed record SiloFigures(int DepartmentId, string Code, string Name, double ReuseOfOwnKnowledge, double FromOtherDepartments,
    double ReuseByOwnPeople, double OfOtherDepartments, bool IsSilo);

public sealed record StaleItem(long ItemId, string? Title, string? Url, DateTimeOffset? LastEditedAt, int ReuseRecords);

/// <summary>A stale item reused in a period: its author's person, the reuse records and its last edit (or creation).</summary>
public sealed record StaleReuse(long ItemId, int Author, int ReuseRecords, DateTimeOffset? LastEditedAt);

/// <summary>The stale items of one period and population (<see cref="BarriersQuery.StaleItemsAsync"/>), in no particular order.</summary>
public sealed record StaleItems(ReportingPeriod Period, Population Population, IReadOnlyList<StaleReuse> Items);

public sealed record Barriers(
    ReportingPeriod Period, IReadOnlyList<SiloFigures> Departments, ConcentrationFigures Concentration,
    AnswerFigures Answers, int StaleItems, IReadOnlyList<StaleItem> MostReusedStale, Population Population = Population.Employees);

/// <summary>
/// The knowledge-sharing barriers of product.md: silos, concentration, unanswered questions, stale content. Every
/// figure is over one <see cref="Population"/> (ADR 2201): contributions of its people, questions its people asked,
/// items its people wrote. Silos are department figures, so the unlinked population has none.
/// </summary>
public sealed class BarriersQuery(AnalyticsDbContext db, TimeProvider clock)
{
    /// <summary>The same query on another context (a concurrent reader, ADR 1864).</summary>
    public BarriersQuery On(AnalyticsDbContext other) => new(other, clock);

    public Task<Barriers> RunAsync(ReportingPeriod period, CancellationToken ct) => RunAsync(period, Population.Employees, ct);

    /// <summary>
    /// The barriers of the period; <paramref name="stale"/> is used when it is the period's and population's (computed once
    /// by the caller), <paramref name="people"/> when the caller has the people directory already.
    /// </summary>
    public async Task<Barriers> RunAsync(
        ReportingPeriod period, Population population, CancellationToken ct, StaleItems? stale = null, PeopleDirectory? people = null)
    {
        people ??= await PeopleDirectoryLoader.LoadAsync(db, ct);
        var silos = population == Population.Employees ? await SilosAsync(period, ct) : [];
        var barriers = new Barriers(period, silos, await ConcentrationAsync(period, people, population, ct),
            await AnswersAsync(period, people, population, ct), 0, [], population);
        return await WithStaleAsync(barriers, people, stale, ct);
    }

    /// <summary>
    /// Silo figures of every department group (the department and everything under it, <see cref="ReportingGroups"/>)
    /// with reuse; a single root is left out (it is the company: all its reuse is its own). Unfiltered: callers apply
    /// <see cref="ReportingGroups.Disclosed"/>.
    /// </summary>
    public async Task<IReadOnlyList<SiloFigures>> SilosAsync(ReportingPeriod period, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Path).ToListAsync(ct);
        var flows = await DepartmentFlowsAsync(period, ct);
        var groupsOf = departments.ToDictionary(d => d.Id, d => ReportingGroups.Of(d.Path).ToHashSet());
        var own = new Dictionary<int, double>();
        var fromOthers = new Dictionary<int, double>();
        var byOwn = new Dictionary<int, double>();
        var ofOthers = new Dictionary<int, double>();
        foreach (var (author, reuser, events) in flows)
        {
            var authorGroups = groupsOf.GetValueOrDefault(author, [author]);
            var reuserGroups = groupsOf.GetValueOrDefault(reuser, [reuser]);
            foreach (var g in authorGroups)
            {
                own[g] = own.GetValueOrDefault(g) + events;
                if (!reuserGroups.Contains(g))
                    fromOthers[g] = fromOthers.GetValueOrDefault(g) + events;
            }

            foreach (var g in reuserGroups)
            {
                byOwn[g] = byOwn.GetValueOrDefault(g) + events;
                if (!authorGroups.Contains(g))
                    ofOthers[g] = ofOthers.GetValueOrDefault(g) + events;
            }
        }

        var company = departments.Count(d => d.ParentId is null) == 1 ? departments.Single(d => d.ParentId is null).Id : (int?)null;
        return departments.Where(d => d.Id != company)
            .Select(d =>
            {
                double Get(Dictionary<int, double> x) => Math.Round(x.GetValueOrDefault(d.Id), 4);
                return new SiloFigures(d.Id, d.Code, d.Name, Get(own), Get(fromOthers), Get(byOwn), Get(ofOthers),
                    GroupRates.IsSilo(Get(own), Get(fromOthers), Get(byOwn), Get(ofOthers)));
            })
            .Where(s => s.ReuseOfOwnKnowledge + s.ReuseByOwnPeople > 0)
            .ToList();
    }

    /// <summary>
    /// Reuse events between department groups: (author group, reuser group) -> events, where an event counts for
    /// every group on the author's department path and every group on the reuser's (<see cref="ReportingGroups"/>).
    /// Unfiltered: callers apply <see cref="ReportingGroups.Disclosed"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<(int Author, int Reuser), double>> GroupFlowsAsync(ReportingPeriod period, CancellationToken ct)
    {
        var paths = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => ReportingGroups.Of(d.Path), ct);
        var cells = new Dictionary<(int, int), double>();
        foreach (var (author, reuser, events) in await DepartmentFlowsAsync(period, ct))
        {
            foreach (var a in paths.GetValueOrDefault(author, [author]))
                foreach (var r in paths.GetValueOrDefault(reuser, [reuser]))
                    cells[(a, r)] = cells.GetValueOrDefault((a, r)) + events;
        }

        return cells;
    }

    // Reuse events of the period by the departments the author and the reuser sat in (the aggregate's grain).
    private Task<List<(int Author, int Reuser, double Events)>> DepartmentFlowsAsync(ReportingPeriod period, CancellationToken ct) =>
        DepartmentFlows.SumAsync(db, period.From, period.To, ct);

    public Task<ConcentrationFigures> ConcentrationAsync(ReportingPeriod period, PeopleDirectory people, CancellationToken ct) =>
        ConcentrationAsync(period, people, Population.Employees, ct);

    public async Task<ConcentrationFigures> ConcentrationAsync(ReportingPeriod period, PeopleDirectory people, Population population, CancellationToken ct)
    {
        var types = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        // Whole months from the monthly roll-ups, other ranges from the day rows (ADR 2011).
        var perPerson = MonthlyRollups.Covers(period)
            ? await db.MonthlyPersonMetrics.AsNoTracking()
                .Where(m => m.Month >= period.From && m.Month <= period.To && types.Contains(m.Type))
                .GroupBy(m => m.PersonId).Select(g => new PersonCount(g.Key, g.Sum(m => m.Count)))
                .ToListAsync(ct)
            : await db.DailyPersonMetrics.AsNoTracking()
                .Where(m => m.Day >= period.From && m.Day <= period.To && types.Contains(m.Type))
                .GroupBy(m => m.PersonId).Select(g => new PersonCount(g.Key, g.Sum(m => m.Count)))
                .ToListAsync(ct);
        return Concentration.Of(perPerson.Where(p => population.Includes(people.Find(p.Key))).Select(p => (double)p.Count));
    }

    private sealed record PersonCount(int Key, int Count);

    public Task<AnswerFigures> AnswersAsync(ReportingPeriod period, PeopleDirectory people, CancellationToken ct) =>
        AnswersAsync(period, people, Population.Employees, ct);

    /// <summary>
    /// The questions the population's people asked (an anonymous asker belongs to no population) and whether anyone
    /// but a bot answered them: the answer rate measures whether the population's questions get answers. Read from the
    /// answer facts the aggregator writes (ADR 2041), with the persons and bot flags of their accounts as they are now:
    /// the figures raw activity gives, without reading it.
    /// </summary>
    public async Task<AnswerFigures> AnswersAsync(ReportingPeriod period, PeopleDirectory people, Population population, CancellationToken ct) =>
        (await AnswersAsync([period], people, population, ct))[0];

    /// <summary>
    /// The answer figures of each of <paramref name="periods"/>, from one read of the askings they cover (the overview's
    /// trend asks for twelve months): each period's figures are those that
    /// <see cref="AnswersAsync(ReportingPeriod, PeopleDirectory, Population, CancellationToken)"/> gives for it alone.
    /// </summary>
    public async Task<IReadOnlyList<AnswerFigures>> AnswersAsync(
        IReadOnlyList<ReportingPeriod> periods, PeopleDirectory people, Population population, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(people);
        if (periods.Count == 0)
            return [];
        var start = periods.Min(p => p.From).ToDateTime(TimeOnly.MinValue);
        var end = periods.Max(p => p.To).AddDays(1).ToDateTime(TimeOnly.MinValue);
        var askings = await AskingsAsync(db, start, end, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. periods.Select(p => Figures(p, askings, people, population, now))];
    }

    private static AnswerFigures Figures(ReportingPeriod period, IReadOnlyList<Asking> askings, PeopleDirectory people, Population population, DateTime now)
    {
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        // An item asked more than once in the period counts once, at its first asking: one pass, not a grouping and a sort
        // per item (the overview asks this of twelve months of about 14,000 questions each on the 5M benchmark).
        var first = new Dictionary<long, Asking>();
        // The askings are in time order: the period's are the run from the first asked at or after its start.
        var (from, to) = (0, askings.Count);
        while (from < to)
        {
            var middle = (from + to) / 2;
            (from, to) = askings[middle].AskedAt < start ? (middle + 1, to) : (from, middle);
        }

        for (var i = from; i < askings.Count && askings[i].AskedAt < end; i++)
        {
            var q = askings[i];
            if (q.AskerPersonId is not { } asker || !population.Includes(people.Find(asker)))
                continue;
            if (!first.TryGetValue(q.ItemId, out var earlier) || q.AskedAt < earlier.AskedAt)
                first[q.ItemId] = q;
        }

        // The asking's first answer by someone else came with it (read up to the latest period's window end: the earliest
        // answer is outside this asking's window exactly when every answer is); AnswerTimes applies the window and the
        // clamp to it as to any answer (an answerer of nobody in particular is someone else).
        var questions = first.Values.Select(q => new Question(q.ItemId, q.AskerPersonId, q.AskedAt)).ToList();
        var answers = first.Values.Where(q => q.FirstAnswerAt is not null).Select(q => new Answer(q.ItemId, null, q.FirstAnswerAt!.Value));
        return AnswerTimes.Compute(questions, answers, now);
    }

    /// <summary>
    /// One asking of a question: who asked (null when unknown) and when, and the first answer by anyone but the asker and
    /// not by a bot, up to the end of the window of the last asking read; null without. Whether it falls within this
    /// asking's window is the caller's test (AnswerTimes): the earliest answer is outside it exactly when every answer is.
    /// </summary>
    public sealed record Asking(long ItemId, int? AskerPersonId, DateTime AskedAt, DateTime? FirstAnswerAt);

    /// <summary>
    /// Every asking in [start, end) except a bot account's, with the persons of accounts as they are now, and for each its
    /// first answer by someone else (an answerer whose person is a bot, or whose account is a bot account, does not
    /// answer), in time order. Three narrow reads (ADR 2307): the accounts with their persons' bot flags, the askings from
    /// the questions' time index, and the answers to the items asked, up to the window's end, from the answers' (question,
    /// time) index; each asking's first answer is then found in memory. Joining each answer to its accounts and persons in SQL, once
    /// per asking, cost most of the overview's trend on the 5M benchmark database; joining the askings to the answers in
    /// SQL repeats every answer once per asking of its item (1.7 million rows for a year there).
    /// </summary>
    public static async Task<IReadOnlyList<Asking>> AskingsAsync(AnalyticsDbContext db, DateTime start, DateTime end, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var accounts = new Dictionary<int, (int? Person, bool IsBot, bool PersonIsBot)>();
        await foreach (var a in NarrowRows.ReadAsync(db,
                           $"SELECT a.[Id], a.[PersonId], a.[IsBot], p.[IsBot] AS [PersonIsBot] FROM {db.SchemaPrefix}[SourceAccounts] a "
                           + $"LEFT JOIN {db.SchemaPrefix}[Persons] p ON p.[Id] = a.[PersonId]", [],
                           r => (Id: r.GetInt32(0), Person: r.IsNull(1) ? (int?)null : r.GetInt32(1), IsBot: r.GetInt32(2) != 0,
                               PersonIsBot: !r.IsNull(3) && r.GetInt32(3) != 0), ct))
        {
            accounts[a.Id] = (a.Person, a.IsBot, a.PersonIsBot);
        }

        // One bound for the whole read, no date arithmetic per row: past it no asking of the range has an answer that counts.
        object[] bounds = [start, end, end.Add(AnswerTimes.Window)];
        var answers = new Dictionary<long, List<AnswerRow>>();
        await foreach (var a in NarrowRows.ReadAsync(db, AnswersSql(db.SchemaPrefix), bounds, r => new AnswerRow(
                           r.GetInt64(0), r.GetDateTime(1), r.IsNull(2) ? null : r.GetInt32(2), r.IsNull(3) ? null : r.GetInt32(3)), ct))
        {
            if (!answers.TryGetValue(a.QuestionItemId, out var list))
                answers[a.QuestionItemId] = list = [];
            list.Add(a);
        }

        foreach (var list in answers.Values)
            list.Sort((x, y) => x.AnsweredAt.CompareTo(y.AnsweredAt));

        var askings = new List<Asking>();
        await foreach (var q in NarrowRows.ReadAsync(db, QuestionsSql(db.SchemaPrefix), bounds[..2],
                           r => (ItemId: r.GetInt64(0), AskerAccountId: r.IsNull(1) ? (int?)null : r.GetInt32(1), AskedAt: r.GetDateTime(2)), ct))
        {
            // An asker's account that is a bot's (or is gone) asks nothing.
            int? asker = null;
            if (q.AskerAccountId is { } askerAccount)
            {
                if (!accounts.TryGetValue(askerAccount, out var account) || account.IsBot)
                    continue;
                asker = account.Person;
            }

            DateTime? first = null;
            foreach (var answer in answers.GetValueOrDefault(q.ItemId) ?? [])
            {
                if (Answers(answer, asker, accounts))
                {
                    first = answer.AnsweredAt;
                    break;
                }
            }

            askings.Add(new Asking(q.ItemId, asker, q.AskedAt, first));
        }

        return askings;
    }

    /// <summary>The askings in [{0}, {1}) in time order, from the questions' time index, which holds every column read.</summary>
    public static string QuestionsSql(string schemaPrefix) =>
        $"SELECT q.[ItemId], q.[AskerAccountId], q.[AskedAt] FROM {schemaPrefix}[QuestionFacts] q WHERE q.[AskedAt] >= {{0}} AND q.[AskedAt] < {{1}} "
        + "ORDER BY q.[AskedAt]";

    /// <summary>
    /// The answers up to {2} to the items asked in [{0}, {1}), from the answers' (question, time) index, which holds every
    /// column read; an answer before its asking is read too (clock skew between sources: it counts at zero delay).
    /// </summary>
    public static string AnswersSql(string schemaPrefix) =>
        $"SELECT a.[QuestionItemId], a.[AnsweredAt], a.[ActorAccountId], a.[AuthorAccountId] FROM {schemaPrefix}[AnswerFacts] a "
        + $"WHERE a.[AnsweredAt] <= {{2}} AND a.[QuestionItemId] IN (SELECT q.[ItemId] FROM {schemaPrefix}[QuestionFacts] q "
        + "WHERE q.[AskedAt] >= {0} AND q.[AskedAt] < {1})";

    // Whether the answer counts for the asking: not a bot account's, not by a bot person, not by the asker. The answerer is
    // the actor's person, or without an actor the answer item's author's; an answerer of nobody in particular is someone else.
    private static bool Answers(AnswerRow row, int? asker, Dictionary<int, (int? Person, bool IsBot, bool PersonIsBot)> accounts)
    {
        int? answerer = null;
        var isBot = false;
        if (row.ActorAccountId is { } actor)
        {
            // An actor's account that is a bot's (or is gone) answers nothing.
            if (!accounts.TryGetValue(actor, out var account) || account.IsBot)
                return false;
            (answerer, isBot) = (account.Person, account.PersonIsBot);
        }
        else if (row.AuthorAccountId is { } author && accounts.TryGetValue(author, out var account))
        {
            (answerer, isBot) = (account.Person, account.PersonIsBot);
        }

        return !isBot && (asker is null || answerer is null || answerer != asker);
    }

    private readonly record struct AnswerRow(long QuestionItemId, DateTime AnsweredAt, int? ActorAccountId, int? AuthorAccountId);

    // Stale items written by the population's people (the author is who would refresh them); the details (title, link)
    // of the most reused twenty only: the month of the 5M benchmark has 130,000 stale items, whose details were read in
    // 131 chunks for a count.
    private async Task<Barriers> WithStaleAsync(Barriers barriers, PeopleDirectory people, StaleItems? known, CancellationToken ct)
    {
        var stale = known is not null && known.Period == barriers.Period && known.Population == barriers.Population
            ? known
            : await StaleItemsAsync(barriers.Period, people, barriers.Population, ct);
        var top = stale.Items.OrderByDescending(s => s.ReuseRecords).ThenBy(s => s.ItemId).Take(MostReusedStaleCount).ToList();
        var ids = top.Select(s => s.ItemId).ToList();
        var details = await db.KnowledgeItems.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.Title, i.Url }).ToDictionaryAsync(i => i.Id, ct);
        return barriers with
        {
            StaleItems = stale.Items.Count,
            MostReusedStale = top.Select(s => new StaleItem(s.ItemId, details.GetValueOrDefault(s.ItemId)?.Title, details.GetValueOrDefault(s.ItemId)?.Url,
                s.LastEditedAt, s.ReuseRecords)).ToList(),
        };
    }

    private const int MostReusedStaleCount = 20;

    /// <summary>The tag (an SQL comment) of the statement that reads the items that can be stale: one per computed list.</summary>
    public const string StaleItemsTag = "stale items";

    /// <summary>
    /// The stale items of the period (<see cref="MetricCatalog.Stale"/>) written by the population's people, each with its
    /// author's person id: the Barriers figure and the practices scorecard's stale items by department are this one list.
    /// A caller that needs them twice (the monthly report: the Barriers sheet and the Practices sheet) computes them once
    /// and passes them to <see cref="RunAsync(ReportingPeriod, Population, CancellationToken, StaleItems?, PeopleDirectory?)"/> and
    /// <see cref="PracticesQuery.RunAsync"/>.
    /// </summary>
    public async Task<StaleItems> StaleItemsAsync(ReportingPeriod period, PeopleDirectory people, Population population, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(people);
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var reuse = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var threshold = new DateTimeOffset(period.To.AddMonths(-MetricCatalog.StaleAfterMonths).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Three narrow reads joined in memory: the items that can be stale (prefiltered on creation: an item created after
        // the threshold cannot be; decided by StaleContent), the accounts' persons, and the period's reuse activity by its
        // time index alone. Joining each activity to its item and two accounts in SQL cost 4 CPU s a month on the 5M
        // benchmark (ADR 1861).
        var candidates = new Dictionary<long, (int AuthorAccount, DateTimeOffset? Touched)>();
        await foreach (var i in db.KnowledgeItems.AsNoTracking().TagWith(StaleItemsTag)
                           .Where(i => i.AuthorAccountId != null && (i.CreatedAt == null || i.CreatedAt < threshold))
                           .Select(i => new { i.Id, Author = i.AuthorAccountId!.Value, i.LastEditedAt, i.CreatedAt })
                           .AsAsyncEnumerable().WithCancellation(ct))
        {
            if (StaleContent.IsStale(i.LastEditedAt, i.CreatedAt, period.To))
                candidates[i.Id] = (i.Author, i.LastEditedAt ?? i.CreatedAt);
        }

        var found = new Dictionary<long, (int Author, int Records)>();
        if (candidates.Count > 0)
        {
            var personOf = await db.SourceAccounts.AsNoTracking().Select(a => new { a.Id, a.PersonId }).ToDictionaryAsync(a => a.Id, a => a.PersonId, ct);
            // The reuse activity of a month is a few hundred thousand rows: read as narrow rows (ADR 2301). The activity types
            // are constants of the model, never input.
            var types = string.Join(", ", reuse.Select(t => ((int)t).ToString(CultureInfo.InvariantCulture)));
            var sql = $"SELECT [ItemId], [ActorAccountId] FROM {db.SchemaPrefix}[Activities] "
                + $"WHERE [OccurredAt] >= {{0}} AND [OccurredAt] < {{1}} AND [ItemId] IS NOT NULL AND [Type] IN ({types})";
            await foreach (var a in NarrowRows.ReadAsync(db, sql, [start, end],
                               r => (ItemId: r.GetInt64(0), ActorAccountId: r.IsNull(1) ? (int?)null : r.GetInt32(1)), ct))
            {
                if (!candidates.TryGetValue(a.ItemId, out var item))
                    continue;
                // Reuse by the author themselves is not reuse (an anonymous reader's is).
                var author = personOf[item.AuthorAccount];
                if (a.ActorAccountId is { } actor && personOf[actor] == author)
                    continue;
                found[a.ItemId] = (author, found.GetValueOrDefault(a.ItemId).Records + 1);
            }
        }

        return new StaleItems(period, population, found.Where(f => population.Includes(people.Find(f.Value.Author)))
            .Select(f => new StaleReuse(f.Key, f.Value.Author, f.Value.Records, candidates[f.Key].Touched)).ToList());
    }
}

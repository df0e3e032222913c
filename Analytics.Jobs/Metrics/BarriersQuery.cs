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

    /// <summary>The barriers of the period; <paramref name="stale"/> is used when it is the period's and population's (computed once by the caller).</summary>
    public async Task<Barriers> RunAsync(ReportingPeriod period, Population population, CancellationToken ct, StaleItems? stale = null)
    {
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
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
    public async Task<AnswerFigures> AnswersAsync(ReportingPeriod period, PeopleDirectory people, Population population, CancellationToken ct)
    {
        var rows = await QuestionRows(db, period.From.ToDateTime(TimeOnly.MinValue), period.To.AddDays(1).ToDateTime(TimeOnly.MinValue)).ToListAsync(ct);
        // An item asked more than once in the period counts once, at its first asking: one pass, not a grouping and a sort
        // per item (the overview asks this of twelve months of about 14,000 questions each on the 5M benchmark).
        var first = new Dictionary<long, QuestionRow>();
        foreach (var q in rows)
        {
            if (q.AskerPersonId is not { } asker || !population.Includes(people.Find(asker)))
                continue;
            if (!first.TryGetValue(q.ItemId, out var earlier) || q.AskedAt < earlier.AskedAt)
                first[q.ItemId] = q;
        }

        // The asking's first answer by someone else came with it; AnswerTimes applies the window and the clamp to it as to
        // any answer (an answerer of nobody in particular is someone else).
        var questions = first.Values.Select(q => new Question(q.ItemId, q.AskerPersonId, q.AskedAt)).ToList();
        var answers = first.Values.Where(q => q.FirstAnswerAt is not null).Select(q => new Answer(q.ItemId, null, q.FirstAnswerAt!.Value));
        return AnswerTimes.Compute(questions, answers, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>One asking of a question: who asked (null when unknown) and when, and the first answer by someone else.</summary>
    public sealed class QuestionRow
    {
        public long ItemId { get; init; }
        public int? AskerPersonId { get; init; }
        public DateTime AskedAt { get; init; }

        /// <summary>
        /// The earliest answer to the item by anyone but the asker and not by a bot, read up to the end of the last asking's
        /// window; null without. Whether it falls within this asking's window is the caller's test (AnswerTimes): the
        /// earliest answer is outside it exactly when every answer is.
        /// </summary>
        public DateTime? FirstAnswerAt { get; init; }
    }

    /// <summary>
    /// Every asking in [start, end) except a bot account's, with the persons of accounts as they are now, and for each its
    /// first answer by someone else (an answerer's person a bot's, or their account a bot account, does not answer).
    /// One row per asking, the answers looked up per question in their (question, time) index: the answers themselves
    /// never cross the connection (on the 5M benchmark the overview's twelve months read about 200,000 of them before).
    /// </summary>
    public static IQueryable<QuestionRow> QuestionRows(AnalyticsDbContext db, DateTime start, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(db);
        var answers =
            from a in db.AnswerFacts
            join account in db.SourceAccounts on a.ActorAccountId equals account.Id into actors
            from actor in actors.DefaultIfEmpty()
            join account in db.SourceAccounts on a.AuthorAccountId equals account.Id into authors
            from author in authors.DefaultIfEmpty()
            where a.ActorAccountId == null || !actor!.IsBot
            let answerer = a.ActorAccountId != null ? (int?)actor!.PersonId : a.AuthorAccountId != null ? (int?)author!.PersonId : null
            where !db.Persons.Any(p => p.Id == answerer && p.IsBot)
            select new { a.QuestionItemId, Answerer = answerer, a.AnsweredAt };
        // One bound for the whole period, no date arithmetic per row: past it no asking of the period has an answer that counts.
        var windowEnd = end.Add(AnswerTimes.Window);
        return from q in db.QuestionFacts.AsNoTracking()
               where q.AskedAt >= start && q.AskedAt < end
               join account in db.SourceAccounts on q.AskerAccountId equals account.Id into askers
               from asker in askers.DefaultIfEmpty()
               where q.AskerAccountId == null || !asker!.IsBot
               let askerPerson = q.AskerAccountId == null ? null : (int?)asker!.PersonId
               select new QuestionRow
               {
                   ItemId = q.ItemId,
                   AskerPersonId = askerPerson,
                   AskedAt = q.AskedAt,
                   // The first in the index's order that qualifies: the lookup stops there, where MIN would visit them all.
                   FirstAnswerAt = answers
                       .Where(a => a.QuestionItemId == q.ItemId && a.AnsweredAt <= windowEnd
                                   && (askerPerson == null || a.Answerer == null || a.Answerer != askerPerson))
                       .OrderBy(a => a.AnsweredAt)
                       .Select(a => (DateTime?)a.AnsweredAt)
                       .FirstOrDefault(),
               };
    }

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
    /// and passes them to <see cref="RunAsync(ReportingPeriod, Population, CancellationToken, StaleItems?)"/> and
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

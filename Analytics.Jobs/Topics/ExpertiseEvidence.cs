using System.Globalization;
using System.Runtime.CompilerServices;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Topics;

/// <summary>
/// The expertise evidence of activity, per month, credited person, item topics and type (<see cref="MonthlyExpertise"/>,
/// ADR 1841): collected from raw activity by the aggregation (a segment of days at a time, ADR 2306) and by the expertise
/// index (the partial months at a window's edges), and turned into scores by <see cref="TallyAsync"/>. Both paths go
/// through the same two functions, so the scores read from the roll-up are the scores of the raw activity.
/// </summary>
public static class ExpertiseEvidence
{
    /// <summary>One row of evidence as the tally reads it (<see cref="MonthlyExpertise"/>'s figures): a value, not an entity.</summary>
    public readonly record struct EvidenceRow(
        DateOnly Month, int PersonId, string Topics, ActivityType Type, int Events, int QuantityEvents, double Quantity, double Weighted)
    {
        public static EvidenceRow Of(MonthlyExpertise e)
        {
            ArgumentNullException.ThrowIfNull(e);
            return new(e.Month, e.PersonId, e.Topics, e.Type, e.Events, e.QuantityEvents, e.Quantity, e.Weighted);
        }
    }

    /// <summary>
    /// Items that carry topics (own, or their parent's: an answer has none of its own) and every account. Complete
    /// (<see cref="LoadLookupsAsync"/>: every item read at once, for windows of months) or on demand
    /// (<see cref="OnDemandAsync"/>: the items a collection meets are read by id the first time, for the aggregation, whose
    /// incremental run collects a day: ADR 2306).
    /// </summary>
    public sealed class Lookups
    {
        private readonly Dictionary<long, (string Topics, int? Author)> _items;
        // On demand: the items read so far, with or without topics. Null: complete.
        private readonly HashSet<long>? _read;

        private Lookups(Dictionary<long, (string Topics, int? Author)> items, IReadOnlyDictionary<int, (int? PersonId, bool IsBot)> accounts, HashSet<long>? read)
        {
            _items = items;
            _read = read;
            Accounts = accounts;
        }

        public IReadOnlyDictionary<long, (string Topics, int? Author)> Items => _items;
        public IReadOnlyDictionary<int, (int? PersonId, bool IsBot)> Accounts { get; }

        internal static async Task<Lookups> LoadAsync(AnalyticsDbContext db, PeopleDirectory people, bool onDemand, CancellationToken ct)
        {
            var lookups = new Lookups([], await AccountsAsync(db, ct), onDemand ? [] : null);
            if (!onDemand)
                await lookups.ReadItemsAsync(db, people, null, ct);
            return lookups;
        }

        /// <summary>Reads the items of <paramref name="ids"/> not read yet (on demand; complete lookups have them all).</summary>
        public async Task CoverAsync(AnalyticsDbContext db, PeopleDirectory people, IEnumerable<long> ids, CancellationToken ct)
        {
            if (_read is null)
                return;
            var missing = ids.Where(_read.Add).ToList();
            // Chunks of ids as parameters: within SQL Server's 2,100 parameters per command.
            foreach (var chunk in missing.Chunk(1000))
                await ReadItemsAsync(db, people, chunk, ct);
        }

        // ids null: every item.
        private async Task ReadItemsAsync(AnalyticsDbContext db, PeopleDirectory people, IReadOnlyCollection<long>? ids, CancellationToken ct)
        {
            var query = db.KnowledgeItems.AsNoTracking().Where(i => i.Topics != null || (i.Parent != null && i.Parent.Topics != null));
            if (ids is not null)
                query = query.Where(i => ids.Contains(i.Id));
            var rows = await query
                .Select(i => new
                {
                    i.Id,
                    Raw = i.Topics ?? i.Parent!.Topics,
                    Author = i.AuthorAccount == null || i.AuthorAccount.IsBot ? (int?)null : i.AuthorAccount.PersonId,
                })
                .ToListAsync(ct);
            foreach (var row in rows.Where(r => TopicNames.Split(r.Raw).Count > 0))
                _items[row.Id] = (row.Raw!, row.Author is { } a && !people.IsBot(a) ? a : null);
        }

        private static async Task<IReadOnlyDictionary<int, (int? PersonId, bool IsBot)>> AccountsAsync(AnalyticsDbContext db, CancellationToken ct) =>
            await db.SourceAccounts.AsNoTracking()
                .Select(a => new { a.Id, a.PersonId, a.IsBot })
                .ToDictionaryAsync(a => a.Id, a => (PersonId: (int?)a.PersonId, a.IsBot), ct);
    }

    /// <summary>Every item with topics and every account, read at once.</summary>
    public static Task<Lookups> LoadLookupsAsync(AnalyticsDbContext db, PeopleDirectory people, CancellationToken ct) =>
        Lookups.LoadAsync(db, people, onDemand: false, ct);

    /// <summary>Every account; items are read as collections meet them (<see cref="Lookups.CoverAsync"/>).</summary>
    public static Task<Lookups> OnDemandAsync(AnalyticsDbContext db, PeopleDirectory people, CancellationToken ct) =>
        Lookups.LoadAsync(db, people, onDemand: true, ct);

    /// <summary>Weight of 2^(day / half-life) relative to the month's first day (<see cref="MonthlyExpertise.Weighted"/>).</summary>
    public static double InMonth(DateOnly day) =>
        Math.Pow(2, (day.DayNumber - new DateOnly(day.Year, day.Month, 1).DayNumber) / Expertise.HalfLifeDays);

    /// <summary>
    /// The evidence of the activity of the days [<paramref name="first"/>, <paramref name="last"/>], one row per month,
    /// credited person, item topics and type. Contributions are credited to their human actor; reuse to the item's author
    /// when someone else (not a bot) reused it (MetricCatalog.ReuseEvent); learning is no evidence.
    /// </summary>
    public static async Task<List<MonthlyExpertise>> CollectAsync(
        AnalyticsDbContext db, Lookups lookups, PeopleDirectory people, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var start = first.ToDateTime(TimeOnly.MinValue);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var types = ActivityTypes.All.Where(t => ActivityTypes.CategoryOf(t) != ActivityCategory.Learning).ToArray();
        // Bare columns, items and accounts looked up in memory: joining each activity to its item, the item's parent and the
        // actor's account cost 7x the plain range read in SQLite (ADR 1702).
        // Read whole, then the items they name covered: on-demand lookups read those they have not met yet.
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.ItemId != null && a.OccurredAt >= start && a.OccurredAt < end && types.Contains(a.Type))
            .Select(a => new { ItemId = a.ItemId!.Value, a.Type, a.Quantity, a.OccurredAt, a.ActorAccountId })
            .ToListAsync(ct);
        await lookups.CoverAsync(db, people, activities.Select(a => a.ItemId).Distinct(), ct);
        var rows = new Dictionary<(DateOnly Month, int Person, string Topics, ActivityType Type), MonthlyExpertise>();
        foreach (var row in activities)
        {
            if (!lookups.Items.TryGetValue(row.ItemId, out var item))
                continue;
            var (actor, accountIsBot) = row.ActorAccountId is { } accountId && lookups.Accounts.TryGetValue(accountId, out var account) ? account : (null, false);
            var actorIsBot = accountIsBot || people.IsBot(actor);
            int credited;
            if (row.Type.IsContribution())
            {
                if (actor is not { } human || actorIsBot)
                    continue;
                credited = human;
            }
            else
            {
                if (item.Author is not { } author || actorIsBot || actor == author)
                    continue;
                credited = author;
            }

            var day = DateOnly.FromDateTime(row.OccurredAt);
            var month = new DateOnly(day.Year, day.Month, 1);
            var key = (month, credited, item.Topics, row.Type);
            if (!rows.TryGetValue(key, out var evidence))
                rows[key] = evidence = new MonthlyExpertise { Month = month, PersonId = credited, Topics = item.Topics, Type = row.Type };
            evidence.Events++;
            if (row.Quantity != 0)
                evidence.QuantityEvents++;
            evidence.Quantity += row.Quantity;
            evidence.Weighted += row.Quantity * InMonth(day);
        }

        // In the order of the topics, then person and type: a month is written in this order, so its rows are stored and read
        // back in it (by the month index, in row order) and the tally resolves each topic combination once per run of rows
        // instead of once per row (ADR 2302).
        return [.. rows.Values.OrderBy(e => e.Topics, StringComparer.Ordinal).ThenBy(e => e.PersonId).ThenBy(e => e.Type)];
    }

    /// <summary>
    /// Adds evidence rows to the topic figures of a window ending on <paramref name="windowEnd"/>: scores, counts and, with
    /// <paramref name="trend"/>, the monthly trend, after HR's merges and hidden topics. Every row's days must lie in the
    /// window. The rows are streamed: a year of roll-up on the 5M benchmark database is 3.8M rows, which held as a list
    /// took 500 MB and much of the report's time in the garbage collector.
    /// </summary>
    public static async Task TallyAsync(IAsyncEnumerable<EvidenceRow> rows, TopicRuleSet rules, DateOnly windowEnd, Func<string, TopicFigures> figures,
        CancellationToken ct, bool trend = true)
    {
        // One look-up per row: a row's raw topics name a few thousand distinct combinations, resolved once each. The
        // month's recency factor and the type's weight are the same expressions as per row, computed once per month and
        // type (the rows come a month at a time), so every sum adds the same terms in the same order (ADR 1862).
        var topicsOf = new Dictionary<string, TopicFigures[]>(StringComparer.Ordinal);
        var weights = new double[TypeSlots];
        var contribution = new bool[TypeSlots];
        foreach (var type in ActivityTypes.All)
        {
            weights[(int)type] = Expertise.ContributionWeights.GetValueOrDefault(type) + Expertise.ReuseWeights.GetValueOrDefault(type);
            contribution[(int)type] = type.IsContribution();
        }

        DateOnly? factorMonth = null;
        var factor = 0.0;
        // Rows come in the order of their topics (CollectAsync) and the narrow reader gives a repeated text as the same
        // string: the combination is looked up when the reference changes, not per row (ADR 2302). Any other order only
        // costs look-ups; equal text under another reference finds the same entry.
        string? lastTopics = null;
        TopicFigures[] topics = [];
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (!ReferenceEquals(row.Topics, lastTopics))
            {
                if (!topicsOf.TryGetValue(row.Topics, out var known))
                    topicsOf[row.Topics] = known = [.. rules.TopicsOf(row.Topics).Select(figures)];
                topics = known;
                lastTopics = row.Topics;
            }

            if (topics.Length == 0)
                continue;
            var weight = weights[(int)row.Type];
            // An activity earns points when its type has a weight and its quantity is not 0 (Expertise.Points).
            var earns = weight != 0 && row.QuantityEvents > 0;
            if (factorMonth != row.Month)
            {
                factorMonth = row.Month;
                factor = Math.Pow(2, -(windowEnd.DayNumber - row.Month.DayNumber) / Expertise.HalfLifeDays);
            }

            var points = weight * row.Weighted * factor;
            var isContribution = contribution[(int)row.Type];
            foreach (var f in topics)
            {
                if (isContribution)
                {
                    if (trend)
                        AddToTrend(f, row.Month, row.Events, 0);
                    if (!earns)
                        continue;
                    var tally = TallyOf(f, row.PersonId);
                    tally.ContributionPoints += points;
                    tally.Contributions += row.QuantityEvents;
                }
                else
                {
                    if (trend)
                        AddToTrend(f, row.Month, 0, row.Quantity);
                    if (!earns)
                        continue;
                    var tally = TallyOf(f, row.PersonId);
                    tally.ReusePoints += points;
                    tally.ReuseReceived += row.Quantity;
                    if (row.Type == ActivityType.Accepted)
                        tally.AcceptedAnswers += row.QuantityEvents;
                }
            }
        }
    }

    // Activity types are small numbers (ActivityType): per-type constants are looked up by index.
    private const int TypeSlots = 64;

    // The trend is not needed by knowledge at risk, and costs two sorted-dictionary operations per row and topic.
    private static void AddToTrend(TopicFigures f, DateOnly month, int contributions, double reuse)
    {
        var m = f.Monthly.GetValueOrDefault(month);
        f.Monthly[month] = (m.Contributions + contributions, m.Reuse + reuse);
    }

    /// <summary>
    /// The evidence of the window [<paramref name="from"/>, <paramref name="to"/>]: whole months from the roll-up, unless
    /// a day of the month is still waiting for aggregation (its roll-up may be behind its raw activity) or the month has no
    /// rows; the partial months at the edges and those months from raw activity. The result equals collecting the whole
    /// window from raw activity. Streamed a month at a time, in month order; the month is not read back from each row.
    /// </summary>
    public static async IAsyncEnumerable<EvidenceRow> ReadWindowAsync(
        AnalyticsDbContext db, PeopleDirectory people, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken ct, bool scoresOnly = false)
    {
        var firstMonth = new DateOnly(from.Year, from.Month, 1);
        var lastMonth = new DateOnly(to.Year, to.Month, 1);
        var dirtyDays = await db.DirtyDays.AsNoTracking().Where(d => d.Day >= firstMonth && d.Day <= to).Select(d => d.Day).ToListAsync(ct);
        var dirtyMonths = dirtyDays.Select(d => new DateOnly(d.Year, d.Month, 1)).ToHashSet();
        var whole = new List<DateOnly>();
        var raw = new List<(DateOnly First, DateOnly Last)>();
        for (var month = firstMonth; month <= lastMonth; month = month.AddMonths(1))
        {
            var first = month < from ? from : month;
            var monthEnd = month.AddMonths(1).AddDays(-1);
            var last = monthEnd > to ? to : monthEnd;
            if (first == month && last == monthEnd && !dirtyMonths.Contains(month))
                whole.Add(month);
            else if (raw.Count > 0 && raw[^1].Last.AddDays(1) == first)
                raw[^1] = (raw[^1].First, last);
            else
                raw.Add((first, last));
        }

        // A month without a single row has not been rolled up yet (a database migrated but not aggregated since) or has
        // no evidence at all: its raw activity says which, at the cost of an index range read when it has none.
        var notRolledUp = new List<(DateOnly, DateOnly)>();
        foreach (var month in whole)
        {
            var any = false;
            await foreach (var row in ReadMonthAsync(db, month, scoresOnly, ct))
            {
                any = true;
                yield return row;
            }

            if (!any && !(scoresOnly && await db.MonthlyExpertise.AnyAsync(e => e.Month == month, ct)))
                notRolledUp.Add((month, month.AddMonths(1).AddDays(-1)));
        }

        raw.AddRange(notRolledUp);
        // A range without any activity on an item (before the history begins: the report's first month on a young
        // database) gives no evidence; skipping it spares loading every item's topics for nothing.
        var withActivity = new List<(DateOnly First, DateOnly Last)>();
        foreach (var (first, last) in raw)
        {
            var start = first.ToDateTime(TimeOnly.MinValue);
            var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue);
            if (await db.Activities.AnyAsync(a => a.OccurredAt >= start && a.OccurredAt < end && a.ItemId != null, ct))
                withActivity.Add((first, last));
        }

        raw = withActivity;
        if (raw.Count > 0)
        {
            var lookups = await LoadLookupsAsync(db, people, ct);
            foreach (var (first, last) in raw)
            {
                foreach (var row in await CollectAsync(db, lookups, people, first, last, ct))
                    yield return EvidenceRow.Of(row);
            }
        }
    }

    /// <summary>
    /// One month of the roll-up, in the order of the table's month index, as EF's query read them, read as narrow rows
    /// (<see cref="NarrowRows"/>, ADR 2301): through EF's materializer they cost 5 of the 11 CPU s of knowledge at risk on
    /// the 5M benchmark database (ADR 1862), through the provider's data reader 4.4 s, stepped on SQLite's statement 2.4 s.
    /// <paramref name="scoresOnly"/>: only the rows that earn points (a type with a weight, a quantity other than 0;
    /// Expertise.Points), without the events the trend counts: the others only feed the trend, and they were 1.1M of the
    /// 3.8M rows of the 5M benchmark's year. <paramref name="throughProvider"/>: through the provider's data reader on
    /// SQLite too (the tests compare both).
    /// </summary>
    public static IAsyncEnumerable<EvidenceRow> ReadMonthAsync(AnalyticsDbContext db, DateOnly month, bool scoresOnly, CancellationToken ct, bool throughProvider = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        var schema = db.SchemaPrefix;
        var earning = string.Join(", ", Expertise.CountedTypes.Select(t => ((int)t).ToString(CultureInfo.InvariantCulture)));
        // Table, schema and column names and the activity types are constants of the model, never input; the month is a
        // parameter. Bracketed names are valid on SQLite and SQL Server (as in MonthlyRollups).
        var sql = scoresOnly
            ? $"SELECT [PersonId], [Topics], [Type], 0, [QuantityEvents], [Quantity], [Weighted] FROM {schema}[MonthlyExpertise] WHERE [Month] = {{0}} AND [QuantityEvents] > 0 AND [Type] IN ({earning})"
            : $"SELECT [PersonId], [Topics], [Type], [Events], [QuantityEvents], [Quantity], [Weighted] FROM {schema}[MonthlyExpertise] WHERE [Month] = {{0}}";
        return NarrowRows.ReadAsync(db, sql, [month], r => new EvidenceRow(month, r.GetInt32(0), r.GetString(1), (ActivityType)r.GetInt32(2),
            r.GetInt32(3), r.GetInt32(4), r.GetDouble(5), r.GetDouble(6)), ct, throughProvider);
    }

    private static ExpertTally TallyOf(TopicFigures figures, int person) =>
        figures.People.TryGetValue(person, out var t) ? t : figures.People[person] = new ExpertTally();
}

using System.Data;
using System.Diagnostics;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Analytics.Jobs.Retention;
using Analytics.Jobs.Scoring;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Topics;

namespace Analytics.Jobs.Aggregation;

public sealed record AggregationResult(int Days, int Activities, int PersonMetricRows, int PointsRows, int BadgesAwarded, TimeSpan Elapsed);

/// <summary>
/// Recomputes the aggregates of dirty days. Each day is one transaction that reads the day's activities,
/// replaces its rows (person metrics, flows, reuse pairs, points) and clears its dirty mark, so a run killed
/// half-way leaves every day either done or still marked, and running twice changes nothing.
/// </summary>
public sealed class Aggregator(
    AnalyticsDbContext db, BadgeAwarder badges, TimeProvider clock, ILogger<Aggregator> logger, DatabaseLock? locks = null, IOptions<JobsOptions>? jobs = null)
{
    // Built outside DI (benchmarks, tests): a lock over the same database with the default lease, the default transaction size.
    private readonly DatabaseLock _locks = locks ?? DatabaseLock.Over(db);
    private readonly TimeSpan _transactionTarget = (jobs?.Value ?? new JobsOptions()).AggregationTransaction;

    /// <summary>The database lock every aggregation run holds, whoever runs it (job, command line, month close, demo seed): ADR 1503.</summary>
    public const string LockName = "aggregation";

    /// <summary>Takes the aggregation lock, waiting up to Jobs:LockTimeout for another process's run to end.</summary>
    public Task<DatabaseLock.HeldLock> AcquireLockAsync(CancellationToken ct) => _locks.AcquireAsync(LockName, ct);

    /// <summary>
    /// From this many dirty days on, a run recomputes in bulk: one transaction per month instead of one per day (ADR 2051).
    /// A full recompute, a first start and a backfill reach it; an incremental run of a few days does not.
    /// </summary>
    public const int BulkFromDays = 32;

    // full: Mark every day that has activity or aggregates first, then recompute them all.
    // unfreeze: Days whose points are recomputed even though their month is closed (an HR recompute).
    // bulk: null decides by the number of dirty days (BulkFromDays); tests force either shape to compare them.
    public async Task<AggregationResult> RunAsync(bool full, CancellationToken ct, IReadOnlySet<DateOnly>? unfreeze = null, bool? bulk = null)
    {
        await using var held = await AcquireLockAsync(ct);
        return await RunHoldingLockAsync(held, full, ct, unfreeze, bulk);
    }

    /// <summary>
    /// A run by a caller that already holds <see cref="AcquireLockAsync"/> (month close keeps it until its snapshot is
    /// written). Every transaction first proves the lock is still <paramref name="held"/> (ADR 1508).
    /// </summary>
    public async Task<AggregationResult> RunHoldingLockAsync(
        DatabaseLock.HeldLock held, bool full, CancellationToken ct, IReadOnlySet<DateOnly>? unfreeze = null, bool? bulk = null)
    {
        var watch = Stopwatch.StartNew();
        // One connection for the whole run: the writer's prepared statements belong to it.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var session = db.Provider == DatabaseProvider.Sqlite ? SqliteWriteSession.Begin((SqliteConnection)db.Database.GetDbConnection()) : null;
            return await RunOpenAsync(held, full, unfreeze, bulk, watch, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<AggregationResult> RunOpenAsync(
        DatabaseLock.HeldLock held, bool full, IReadOnlySet<DateOnly>? unfreeze, bool? bulk, Stopwatch watch, CancellationToken ct)
    {
        await ScoringRuleStore.EnsureDefaultsAsync(db, clock, ct);
        // A database filled without marks (the demo seeder, a restored backup) has activity but no aggregates.
        full = full || (!await db.DailyPersonMetrics.AnyAsync(ct) && !await db.DirtyDays.AnyAsync(ct) && await db.Activities.AnyAsync(ct));
        if (full)
            await MarkEverythingAsync(ct);
        await MarkLaterDaysOfOpenMonthsAsync(ct);
        await MarkExpertiseBackfillAsync(ct);
        await ForgetPurgedDaysAsync(ct);

        var days = await db.DirtyDays.AsNoTracking().OrderBy(d => d.Day).Select(d => d.Day).ToListAsync(ct);
        var run = new RunState(
            await PeopleDirectoryLoader.LoadAsync(db, ct),
            new RuleBook(await db.ScoringRules.AsNoTracking().ToListAsync(ct)),
            (await db.MonthCloses.AsNoTracking().Select(m => m.Month).ToListAsync(ct)).ToHashSet(),
            unfreeze,
            new PairLedger(db),
            (await db.PendingBadgeChecks.AsNoTracking().Select(c => c.PersonId).ToListAsync(ct)).ToHashSet());

        using var writer = new AggregateWriter(db);
        int activities = 0, metricRows = 0, pointRows = 0;
        // A month's roll-ups (person metrics, ADR 2011; expertise, ADR 1841, in segments of days, ADR 2306) are rewritten
        // once per run, in the transaction of the last of its days this run recomputes: until that day commits it stays
        // dirty, so a run killed half-way rewrites them next time. In bulk a transaction holds several dirty days of one
        // month (ADR 2051), day by day one day: the same rows either way, in fewer statements and commits.
        var inBulk = bulk ?? days.Count >= BulkFromDays;
        var daysOfMonth = days.GroupBy(MonthOf).ToDictionary(g => g.Max(), g => g.ToList());
        TimeSpan? perDay = null;
        var transactions = 0;
        for (var next = 0; next < days.Count;)
        {
            ct.ThrowIfCancellationRequested();
            var month = MonthOf(days[next]);
            var chunk = days.Skip(next).Take(inBulk ? BulkChunkDays(perDay, _transactionTarget) : 1).TakeWhile(d => MonthOf(d) == month).ToList();
            var (read, metrics, points, writing) = await RecomputeDaysAsync(held, chunk, run, daysOfMonth.GetValueOrDefault(chunk[^1]), writer, ct);
            activities += read;
            metricRows += metrics;
            pointRows += points;
            transactions++;
            perDay = writing / chunk.Count;
            next += chunk.Count;
            if (next < days.Count)
                await Task.Delay(PauseAfter(writing), ct);
        }

        // Pending checks include people of days committed by an earlier run that was stopped before this point.
        var pending = (await db.PendingBadgeChecks.AsNoTracking().Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var awarded = await badges.AwardAsync(full ? null : pending, ct, async c =>
        {
            await held.FenceAsync(db, c);
            await db.PendingBadgeChecks.Where(check => pending.Contains(check.PersonId)).ExecuteDeleteAsync(c);
        });
        var result = new AggregationResult(days.Count, activities, metricRows, pointRows, awarded, watch.Elapsed);
        logger.LogInformation("Aggregated {Days} days ({Activities} activities, {Transactions} transactions) in {Elapsed}",
            result.Days, result.Activities, transactions, result.Elapsed);
        return result;
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// Days of the next bulk transaction (at most the rest of the month): four to start with, then as many as fit the
    /// <paramref name="target"/> time holding the write lock (Jobs:AggregationTransaction, 2 s by default) at the last
    /// transaction's time per day: short enough that the aggregation lock's lease renewal (every 5 s by default, a write:
    /// ADR 1503) and a waiting writer (ADR 0204) get in well within their timeouts, long enough that commits and
    /// per-statement costs stop counting. A zero target is one day per transaction.
    /// </summary>
    public static int BulkChunkDays(TimeSpan? perDay, TimeSpan target) =>
        target <= TimeSpan.Zero ? 1
        : perDay is not { } d ? 4
        : (int)Math.Clamp(target.TotalSeconds / Math.Max(d.TotalSeconds, 1e-3), 1, 31);

    /// <summary>
    /// A pause after each transaction's commit, a tenth of the time it held the write lock, at most 150 ms.
    /// Microsoft.Data.Sqlite retries a busy database every 150 ms; back-to-back day transactions would leave a waiting
    /// writer (an award, a profile view's audit entry, an import batch) almost no moment to get in, so it waited for
    /// the whole run. With the pause it waits about one transaction, or ~1.5 s for short days, at a cost of at
    /// most 10% of the run (BENCHMARKS.md, Load).
    /// </summary>
    public static TimeSpan PauseAfter(TimeSpan held) =>
        TimeSpan.FromTicks(Math.Min(held.Ticks / 10, TimeSpan.FromMilliseconds(150).Ticks));

    /// <summary>What every transaction of one run shares: read once before the first.</summary>
    private sealed record RunState(
        PeopleDirectory People, RuleBook Rules, HashSet<DateOnly> Closed, IReadOnlySet<DateOnly>? Unfreeze, PairLedger Ledger, HashSet<int> Touched)
    {
        // Made on the first month whose expertise roll-up is rewritten, then kept; items are read as the evidence meets them
        // (ADR 2306). Items and accounts do not change under the aggregation lock's run in a way the roll-up reads (a merge
        // marks the days and runs again).
        public ExpertiseEvidence.Lookups? ExpertiseLookups { get; set; }

        public bool Frozen(DateOnly day) => Closed.Contains(MonthOf(day)) && Unfreeze?.Contains(day) != true;
    }

    /// <summary>
    /// One transaction over some dirty days of one month, in order (one day, or in bulk all of the month's): reads their
    /// activities in one query, replaces each day's rows (person metrics, flows, reuse pairs, points), the answer facts of
    /// their range of days, and clears each
    /// day's mark; with the month's last dirty day of the run (<paramref name="monthDays"/>: the month's dirty days of the
    /// run) also the month's roll-ups.
    /// </summary>
    private async Task<(int Read, int Metrics, int Points, TimeSpan Held)> RecomputeDaysAsync(
        DatabaseLock.HeldLock held, List<DateOnly> days, RunState run, List<DateOnly>? monthDays, AggregateWriter writer, CancellationToken ct)
    {
        var month = MonthOf(days[0]);
        // The expertise evidence reads raw activity only, so it is collected before the write transaction: reading a month of
        // activity inside it held the write lock for that long (a lock renewal once failed with "database is locked").
        // An activity imported meanwhile marks its day again, and the next run replaces its segment.
        List<MonthlyExpertise>? expertise = null;
        IReadOnlyList<DaySpan> replaced = [];
        if (monthDays is not null)
            (replaced, expertise) = await CollectExpertiseAsync(run, month, monthDays, ct);

        // No SERIALIZABLE (ADR 1403): it held range locks on the day's activities and blocked ingestion for the whole
        // recompute on SQL Server. Instead each mark's generation is read before the activities and a mark is cleared
        // only if no writer marked the day since; a day marked again during its recompute stays dirty for the next run.
        var writing = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await held.FenceAsync(db, ct);
        var generations = await db.DirtyDays.AsNoTracking().Where(d => days.Contains(d.Day))
            .ToDictionaryAsync(d => d.Day, d => d.Generation, ct);
        // One range read for all the days (in bulk those of a month): the days in between that are not dirty are skipped.
        var facts = (await FactsBetween(db, days[0].ToDateTime(TimeOnly.MinValue), days[^1].ToDateTime(TimeOnly.MinValue).AddDays(1)).ToListAsync(ct))
            .ToLookup(f => DirtyDays.DayOf(f.OccurredAt));

        await DeleteDayRowsAsync(days, days.Where(d => !run.Frozen(d)).ToList(), ct);

        int read = 0, metricRows = 0, pointRows = 0;
        var newlyTouched = new List<int>();
        foreach (var day in days)
        {
            var dayFacts = facts[day].ToList();
            var aggregate = DayAggregate.Compute(day, dayFacts, run.People);
            IReadOnlyList<PointsEntry> points = [];
            if (!run.Frozen(day))
                points = PointsCalculator.Score(day, aggregate.Events, run.Rules, await run.Ledger.UsedBeforeAsync(day, ct));
            await writer.WriteAsync(aggregate.PersonMetrics, aggregate.Flows, aggregate.Pairs, points, ct);
            // Inside the transaction: the next day of this one reads its month's pairs so far from the ledger, not the table.
            run.Ledger.Add(day, aggregate.Pairs);
            newlyTouched.AddRange(aggregate.PersonMetrics.Select(m => m.PersonId).Where(run.Touched.Add));
            read += dayFacts.Count;
            metricRows += aggregate.PersonMetrics.Count;
            pointRows += points.Count;
        }

        await QuestionAnswerFacts.RewriteDaysAsync(db, days[0], days[^1], ct);
        // The month's last dirty day of the run: its roll-ups.
        if (monthDays is not null)
        {
            await MonthlyRollups.RewriteAsync(db, month, ct);
            foreach (var segment in replaced)
                await db.MonthlyExpertise.Where(e => e.Month == month && e.LastDay == segment.Last && e.FirstDay == segment.First).ExecuteDeleteAsync(ct);
            await writer.WriteExpertiseAsync(expertise!, ct);
        }

        foreach (var day in days)
        {
            var generation = generations.TryGetValue(day, out var g) ? g : (long?)null;
            await db.DirtyDays.Where(d => d.Day == day && d.Generation == generation).ExecuteDeleteAsync(ct);
        }

        if (newlyTouched.Count > 0)
        {
            // Read inside this transaction: a run beside this one may have marked some of them meanwhile.
            var marked = await db.PendingBadgeChecks.Where(c => newlyTouched.Contains(c.PersonId)).Select(c => c.PersonId).ToListAsync(ct);
            db.PendingBadgeChecks.AddRange(newlyTouched.Except(marked).Select(id => new PendingBadgeCheck { PersonId = id }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
        return (read, metricRows, pointRows, writing.Elapsed);
    }

    /// <summary>
    /// The expertise segments of <paramref name="month"/> that hold a changed day, and the rows that replace them
    /// (<see cref="ExpertiseSegments"/>). A month without rows (new, or filled by the backfill) is collected from its first
    /// day, so a month is never missing its early days.
    /// </summary>
    private async Task<(IReadOnlyList<DaySpan> Replaced, List<MonthlyExpertise> Rows)> CollectExpertiseAsync(
        RunState run, DateOnly month, List<DateOnly> changed, CancellationToken ct)
    {
        var (from, to) = (changed.Min(), changed.Max());
        var stored = (await db.MonthlyExpertise.AsNoTracking().Where(e => e.Month == month && e.LastDay >= from && e.FirstDay <= to)
            .Select(e => new { e.FirstDay, e.LastDay }).Distinct().ToListAsync(ct))
            .Select(s => new DaySpan(s.FirstDay, s.LastDay)).ToList();
        if (stored.Count == 0 && !await db.MonthlyExpertise.AnyAsync(e => e.Month == month, ct))
            changed = [month, .. changed];
        var (replaced, written) = ExpertiseSegments.Plan(stored, changed);
        run.ExpertiseLookups ??= await ExpertiseEvidence.OnDemandAsync(db, run.People, ct);
        var rows = new List<MonthlyExpertise>();
        foreach (var span in written)
            rows.AddRange(await CollectSegmentAsync(db, run.ExpertiseLookups, run.People, span, ct));
        return (replaced, rows);
    }

    /// <summary>The rows of one segment of the expertise roll-up, from the raw activity of its days.</summary>
    private static async Task<List<MonthlyExpertise>> CollectSegmentAsync(
        AnalyticsDbContext db, ExpertiseEvidence.Lookups lookups, PeopleDirectory people, DaySpan span, CancellationToken ct)
    {
        var rows = await ExpertiseEvidence.CollectAsync(db, lookups, people, span.First, span.Last, ct);
        foreach (var row in rows)
        {
            row.FirstDay = span.First;
            row.LastDay = span.Last;
        }

        return rows;
    }

    /// <summary>
    /// Rewrites a month's expertise roll-up as one segment when it is stored in several (ADR 2306): the incremental runs of
    /// a month add a segment a day; month close (holding the aggregation lock) joins them once the month is over, so a
    /// closed month is read in as few rows as a full recompute writes. A month before the retention horizon is left as it
    /// is: its raw activity is gone.
    /// </summary>
    public async Task CompactExpertiseAsync(DatabaseLock.HeldLock held, DateOnly month, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(held);
        month = MonthOf(month);
        var segments = await db.MonthlyExpertise.AsNoTracking().Where(e => e.Month == month)
            .Select(e => new { e.FirstDay, e.LastDay }).Distinct().ToListAsync(ct);
        if (segments.Count <= 1 || (await RetentionPurger.HorizonAsync(db, ct) is { } horizon && month < horizon))
            return;
        var span = new DaySpan(segments.Min(s => s.FirstDay), segments.Max(s => s.LastDay));
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var rows = await CollectSegmentAsync(db, await ExpertiseEvidence.OnDemandAsync(db, people, ct), people, span, ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var writer = new AggregateWriter(db);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await held.FenceAsync(db, ct);
            await db.MonthlyExpertise.Where(e => e.Month == month).ExecuteDeleteAsync(ct);
            await writer.WriteExpertiseAsync(rows, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Expertise roll-up of {Month:yyyy-MM}: {Segments} segments joined into one ({Rows} rows)", month, segments.Count, rows.Count);
    }

    /// <summary>The days' aggregate rows; points only of the days not frozen (a closed month keeps its points).</summary>
    private async Task DeleteDayRowsAsync(List<DateOnly> days, List<DateOnly> scored, CancellationToken ct)
    {
        if (days.Count == 1)
        {
            // One day: an equality the (Day, ...) indexes seek, as the day-by-day path always did.
            var day = days[0];
            await db.DailyPersonMetrics.Where(m => m.Day == day).ExecuteDeleteAsync(ct);
            await db.DailyFlows.Where(f => f.Day == day).ExecuteDeleteAsync(ct);
            await db.DailyPairReuses.Where(p => p.Day == day).ExecuteDeleteAsync(ct);
            if (scored.Count == 1)
                await db.PointsEntries.Where(p => p.Day == day).ExecuteDeleteAsync(ct);
            return;
        }

        await db.DailyPersonMetrics.Where(m => days.Contains(m.Day)).ExecuteDeleteAsync(ct);
        await db.DailyFlows.Where(f => days.Contains(f.Day)).ExecuteDeleteAsync(ct);
        await db.DailyPairReuses.Where(p => days.Contains(p.Day)).ExecuteDeleteAsync(ct);
        if (scored.Count > 0)
            await db.PointsEntries.Where(p => scored.Contains(p.Day)).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// A database aggregated before the expertise roll-up existed has none: the last activity day of every month is marked,
    /// so this run rewrites every month's roll-up in that day's transaction (ADR 1841). The last day, because a marked day
    /// also marks the later days of its month that have reuse pairs (the pair cap).
    /// </summary>
    private async Task MarkExpertiseBackfillAsync(CancellationToken ct)
    {
        if (await db.MonthlyExpertise.AnyAsync(ct) || !await db.KnowledgeItems.AnyAsync(i => i.Topics != null, ct) || !await db.DailyPersonMetrics.AnyAsync(ct))
            return;
        var activityDays = await db.Activities.Select(a => a.OccurredAt.Date).Distinct().ToListAsync(ct);
        var lastDays = activityDays.Select(DateOnly.FromDateTime).GroupBy(MonthOf).Select(g => g.Max()).ToList();
        await DirtyDays.MarkAsync(db, lastDays, clock.GetUtcNow(), ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("Expertise roll-up: {Months} months to fill from their raw activity", lastDays.Count);
    }

    /// <summary>A day's activities with the persons behind actor and author accounts: two left joins, no history scan.</summary>
    public static IQueryable<ActivityFact> FactsOf(AnalyticsDbContext db, DateOnly day) =>
        FactsBetween(db, day.ToDateTime(TimeOnly.MinValue), day.ToDateTime(TimeOnly.MinValue).AddDays(1));

    /// <summary>
    /// The activities of [start, end) as <see cref="FactsOf"/> reads one day: the same projection, so a reader that
    /// credits them per day with <see cref="DayAggregate"/> (the flow drill-down) counts what the aggregation counted.
    /// </summary>
    public static IQueryable<ActivityFact> FactsBetween(AnalyticsDbContext db, DateTime start, DateTime end, IReadOnlyCollection<ActivityType>? types = null)
    {
        var activities = db.Activities.AsNoTracking().Where(a => a.OccurredAt >= start && a.OccurredAt < end);
        if (types is not null)
            activities = activities.Where(a => types.Contains(a.Type));
        return activities
            .Select(a => new ActivityFact(
                a.Id, a.Type, a.OccurredAt, a.Quantity, a.ItemId,
                a.ActorAccountId == null ? null : (int?)a.ActorAccount!.PersonId,
                a.ActorAccountId != null && a.ActorAccount!.IsBot,
                a.Item == null || a.Item.AuthorAccountId == null ? null : (int?)a.Item.AuthorAccount!.PersonId,
                a.Item != null && a.Item.AuthorAccountId != null && a.Item.AuthorAccount!.IsBot));
    }

    private async Task MarkEverythingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var activityDays = await db.Activities.Select(a => a.OccurredAt.Date).Distinct().ToListAsync(ct);
        var days = activityDays.Select(DateOnly.FromDateTime)
            .Concat(await db.DailyPersonMetrics.Select(m => m.Day).Distinct().ToListAsync(ct))
            .Concat(await db.PointsEntries.Select(p => p.Day).Distinct().ToListAsync(ct))
            .Concat(await db.DailyPairReuses.Select(p => p.Day).Distinct().ToListAsync(ct));
        await DirtyDays.MarkAsync(db, days, now, ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Days before the retention horizon have no raw rows left: recomputing them would replace their aggregates
    /// with nothing. Their aggregates are final; a mark on them (a late import, a merge, a full run) is dropped.
    /// </summary>
    private async Task ForgetPurgedDaysAsync(CancellationToken ct)
    {
        if (await RetentionPurger.HorizonAsync(db, ct) is not { } horizon)
            return;
        var dropped = await db.DirtyDays.Where(d => d.Day < horizon).ExecuteDeleteAsync(ct);
        if (dropped > 0)
            logger.LogWarning("{Days} days before the retention horizon {Horizon} were marked; their raw activity is purged, so their aggregates are kept as they are", dropped, horizon);
    }

    /// <summary>
    /// The monthly pair cap makes a day's points depend on the earlier days of its month, so a changed day
    /// also dirties the later days of its month that have reuse pairs. They are marked (not just remembered)
    /// so that a run killed half-way still finishes them next time.
    /// </summary>
    private async Task MarkLaterDaysOfOpenMonthsAsync(CancellationToken ct)
    {
        var dirty = await db.DirtyDays.AsNoTracking().Select(d => d.Day).ToListAsync(ct);
        var later = new List<DateOnly>();
        foreach (var first in dirty.GroupBy(MonthOf).Select(g => g.Min()))
        {
            var monthEnd = MonthOf(first).AddMonths(1);
            later.AddRange(await db.DailyPairReuses.Where(p => p.Day > first && p.Day < monthEnd)
                .Select(p => p.Day).Distinct().ToListAsync(ct));
        }

        await DirtyDays.MarkAsync(db, later, clock.GetUtcNow(), ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Reuse pair events used earlier in a day's month. Days are processed in order, so within one run the
    /// ledger only reads the days it has not seen (usually none) instead of the month so far for every day.
    /// </summary>
    private sealed class PairLedger(AnalyticsDbContext db)
    {
        private readonly Dictionary<ReusePair, double> _used = [];
        private DateOnly? _through;

        public async Task<IReadOnlyDictionary<ReusePair, double>> UsedBeforeAsync(DateOnly day, CancellationToken ct)
        {
            var month = MonthOf(day);
            if (_through is not { } through || MonthOf(through) != month || through >= day)
            {
                _used.Clear();
                _through = month.AddDays(-1);
            }

            var from = _through.Value;
            var rows = await db.DailyPairReuses.AsNoTracking()
                .Where(p => p.Day > from && p.Day < day)
                .GroupBy(p => new { p.ReuserPersonId, p.AuthorPersonId, p.Type })
                .Select(g => new { g.Key.ReuserPersonId, g.Key.AuthorPersonId, g.Key.Type, Events = g.Sum(p => p.Events) })
                .ToListAsync(ct);
            foreach (var row in rows)
                Add(new ReusePair(row.ReuserPersonId, row.AuthorPersonId, row.Type), row.Events);
            _through = day.AddDays(-1);
            return _used;
        }

        public void Add(DateOnly day, IEnumerable<DailyPairReuse> pairs)
        {
            foreach (var p in pairs)
                Add(new ReusePair(p.ReuserPersonId, p.AuthorPersonId, p.Type), p.Events);
            _through = day;
        }

        private void Add(ReusePair pair, double events) => _used[pair] = _used.GetValueOrDefault(pair) + events;
    }
}

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
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Topics;

namespace Analytics.Jobs.Aggregation;

public sealed record AggregationResult(int Days, int Activities, int PersonMetricRows, int PointsRows, int BadgesAwarded, TimeSpan Elapsed);

/// <summary>
/// Recomputes the aggregates of dirty days. Each day is one transaction that reads the day's activities,
/// replaces its rows (person metrics, flows, reuse pairs, points) and clears its dirty mark, so a run killed
/// half-way leaves every day either done or still marked, and running twice changes nothing.
/// </summary>
public sealed class Aggregator(AnalyticsDbContext db, BadgeAwarder badges, TimeProvider clock, ILogger<Aggregator> logger, DatabaseLock? locks = null)
{
    // Built outside DI (benchmarks, tests): a lock over the same database with the default lease.
    private readonly DatabaseLock _locks = locks ?? DatabaseLock.Over(db);

    /// <summary>The database lock every aggregation run holds, whoever runs it (job, command line, month close, demo seed): ADR 1503.</summary>
    public const string LockName = "aggregation";

    /// <summary>Takes the aggregation lock, waiting up to Jobs:LockTimeout for another process's run to end.</summary>
    public Task<DatabaseLock.HeldLock> AcquireLockAsync(CancellationToken ct) => _locks.AcquireAsync(LockName, ct);

    // full: Mark every day that has activity or aggregates first, then recompute them all.
    // unfreeze: Days whose points are recomputed even though their month is closed (an HR recompute).
    public async Task<AggregationResult> RunAsync(bool full, CancellationToken ct, IReadOnlySet<DateOnly>? unfreeze = null)
    {
        await using var held = await AcquireLockAsync(ct);
        return await RunHoldingLockAsync(held, full, ct, unfreeze);
    }

    /// <summary>
    /// A run by a caller that already holds <see cref="AcquireLockAsync"/> (month close keeps it until its snapshot is
    /// written). Every day's transaction first proves the lock is still <paramref name="held"/> (ADR 1508).
    /// </summary>
    public async Task<AggregationResult> RunHoldingLockAsync(DatabaseLock.HeldLock held, bool full, CancellationToken ct, IReadOnlySet<DateOnly>? unfreeze = null)
    {
        var watch = Stopwatch.StartNew();
        // One connection for the whole run: the writer's prepared statements belong to it.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            using var session = db.Provider == DatabaseProvider.Sqlite ? SqliteWriteSession.Begin((SqliteConnection)db.Database.GetDbConnection()) : null;
            return await RunOpenAsync(held, full, unfreeze, watch, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<AggregationResult> RunOpenAsync(DatabaseLock.HeldLock held, bool full, IReadOnlySet<DateOnly>? unfreeze, Stopwatch watch, CancellationToken ct)
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
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var rules = new RuleBook(await db.ScoringRules.AsNoTracking().ToListAsync(ct));
        var closed = (await db.MonthCloses.AsNoTracking().Select(m => m.Month).ToListAsync(ct)).ToHashSet();

        using var writer = new AggregateWriter(db);
        var ledger = new PairLedger(db);
        var touched = (await db.PendingBadgeChecks.AsNoTracking().Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        int activities = 0, metricRows = 0, pointRows = 0;
        // A month's roll-ups (person metrics, ADR 2011; expertise, ADR 1841) are rewritten once per run, in the transaction
        // of the last of its days this run recomputes: until that day commits it stays dirty, so a run killed half-way
        // rewrites the month next time.
        var lastOfMonth = days.GroupBy(MonthOf).Select(g => g.Max()).ToHashSet();
        foreach (var day in days)
        {
            ct.ThrowIfCancellationRequested();
            var frozen = closed.Contains(MonthOf(day)) && unfreeze?.Contains(day) != true;
            var busy = Stopwatch.StartNew();
            var (read, metrics, points) = await RecomputeDayAsync(held, day, people, rules, frozen, lastOfMonth.Contains(day), writer, ledger, touched, ct);
            activities += read;
            metricRows += metrics;
            pointRows += points;
            if (day != days[^1])
                await Task.Delay(PauseAfter(busy.Elapsed), ct);
        }

        // Pending checks include people of days committed by an earlier run that was stopped before this point.
        var pending = (await db.PendingBadgeChecks.AsNoTracking().Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var awarded = await badges.AwardAsync(full ? null : pending, ct, async c =>
        {
            await held.FenceAsync(db, c);
            await db.PendingBadgeChecks.Where(check => pending.Contains(check.PersonId)).ExecuteDeleteAsync(c);
        });
        var result = new AggregationResult(days.Count, activities, metricRows, pointRows, awarded, watch.Elapsed);
        logger.LogInformation("Aggregated {Days} days ({Activities} activities) in {Elapsed}", result.Days, result.Activities, result.Elapsed);
        return result;
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// A pause after each day's commit, a tenth of the time the day held the write lock, at most 150 ms.
    /// Microsoft.Data.Sqlite retries a busy database every 150 ms; back-to-back day transactions would leave a waiting
    /// writer (an award, a profile view's audit entry, an import batch) almost no moment to get in, so it waited for
    /// the whole run. With the pause it waits about one day's transaction, or ~1.5 s for short days, at a cost of at
    /// most 10% of the run (BENCHMARKS.md, Load).
    /// </summary>
    public static TimeSpan PauseAfter(TimeSpan held) =>
        TimeSpan.FromTicks(Math.Min(held.Ticks / 10, TimeSpan.FromMilliseconds(150).Ticks));

    private async Task<(int Read, int Metrics, int Points)> RecomputeDayAsync(
        DatabaseLock.HeldLock held, DateOnly day, PeopleDirectory people, RuleBook rules, bool frozen, bool rewriteMonth, AggregateWriter writer,
        PairLedger ledger, HashSet<int> touched, CancellationToken ct)
    {
        // No SERIALIZABLE (ADR 1403): it held range locks on the day's activities and blocked ingestion for the whole
        // recompute on SQL Server. Instead the mark's generation is read before the activities and the mark is cleared
        // only if no writer marked the day since; a day marked again during its recompute stays dirty for the next run.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await held.FenceAsync(db, ct);
        var generation = await db.DirtyDays.AsNoTracking().Where(d => d.Day == day).Select(d => (long?)d.Generation).FirstOrDefaultAsync(ct);
        var facts = await ReadFactsAsync(day, ct);
        var aggregate = DayAggregate.Compute(day, facts, people);

        await db.DailyPersonMetrics.Where(m => m.Day == day).ExecuteDeleteAsync(ct);
        await db.DailyFlows.Where(f => f.Day == day).ExecuteDeleteAsync(ct);
        await db.DailyPairReuses.Where(p => p.Day == day).ExecuteDeleteAsync(ct);

        IReadOnlyList<PointsEntry> points = [];
        if (!frozen)
        {
            var before = await ledger.UsedBeforeAsync(day, ct);
            points = PointsCalculator.Score(day, aggregate.Events, rules, before);
            await db.PointsEntries.Where(p => p.Day == day).ExecuteDeleteAsync(ct);
        }

        await writer.WriteAsync(aggregate.PersonMetrics, aggregate.Flows, aggregate.Pairs, points, ct);
        await QuestionAnswerFacts.RewriteDayAsync(db, day, ct);
        if (rewriteMonth)
        {
            await MonthlyRollups.RewriteAsync(db, MonthOf(day), ct);
            await RewriteExpertiseAsync(MonthOf(day), people, writer, ct);
        }
        await db.DirtyDays.Where(d => d.Day == day && d.Generation == generation).ExecuteDeleteAsync(ct);
        var newlyTouched = aggregate.PersonMetrics.Select(m => m.PersonId).Where(touched.Add).ToList();
        if (newlyTouched.Count > 0)
        {
            // Read inside this transaction: a run beside this one may have marked some of them meanwhile.
            var marked = await db.PendingBadgeChecks.Where(c => newlyTouched.Contains(c.PersonId)).Select(c => c.PersonId).ToListAsync(ct);
            db.PendingBadgeChecks.AddRange(newlyTouched.Except(marked).Select(id => new PendingBadgeCheck { PersonId = id }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
        ledger.Add(day, aggregate.Pairs);
        return (facts.Count, aggregate.PersonMetrics.Count, points.Count);
    }

    /// <summary>
    /// Replaces a month's expertise roll-up with the evidence of its raw activity (ADR 1841). Closed months too: like the
    /// person metrics it is the truth about activity, and the expertise index must read what raw activity says.
    /// </summary>
    private async Task RewriteExpertiseAsync(DateOnly month, PeopleDirectory people, AggregateWriter writer, CancellationToken ct)
    {
        var lookups = await ExpertiseEvidence.LoadLookupsAsync(db, people, ct);
        var rows = await ExpertiseEvidence.CollectAsync(db, lookups, people, month, month.AddMonths(1).AddDays(-1), ct);
        await db.MonthlyExpertise.Where(e => e.Month == month).ExecuteDeleteAsync(ct);
        await writer.WriteExpertiseAsync(rows, ct);
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

    private Task<List<ActivityFact>> ReadFactsAsync(DateOnly day, CancellationToken ct) => FactsOf(db, day).ToListAsync(ct);

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

using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Scoring;
using Analytics.Jobs.Topics;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Analytics.Tests.Topics;

/// <summary>
/// The expertise scores read from the monthly roll-up (ADR 1841) equal the index computed from raw activity: on windows
/// with partial edge months and on a month-end window, after a late import re-aggregates a day, before that import is
/// aggregated, and after HR merges two topics (which no aggregation follows).
/// </summary>
public sealed class ExpertiseRollupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly MonthEnd = new(2026, 10, 31);

    [Fact]
    public async Task Scores_from_the_roll_up_equal_the_index_from_raw_activity_through_a_late_import_and_a_topic_merge()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), new FakeTimeProvider(Now)).SeedAsync(new DemoOptions { Employees = 60, Months = 13, Seed = 7 }, CancellationToken.None);
        await AggregateAsync(database);

        await using (var db = database.CreateContext())
        {
            Assert.True(await db.MonthlyExpertise.CountAsync() > 100, "the aggregation wrote the roll-up");
            // Each month is stored in the order of its topics, person and type (ADR 2302): read by the month index, the tally
            // meets each topic combination in one run of rows.
            var stored = await db.MonthlyExpertise.AsNoTracking().OrderBy(e => e.Id).Select(e => new { e.Month, e.Topics, e.PersonId, e.Type }).ToListAsync();
            foreach (var month in stored.GroupBy(e => e.Month))
            {
                var sorted = month.OrderBy(e => e.Topics, StringComparer.Ordinal).ThenBy(e => e.PersonId).ThenBy(e => e.Type).ToList();
                Assert.Equal(sorted, month.ToList());
            }

            Assert.True(stored.Select(e => e.Topics).Distinct().Count() > 10, "several topic combinations");
            await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);
            // A window that begins before the history: its first months have neither roll-up rows nor activity.
            await AssertEqualAsync(db, new DateOnly(2026, 1, 31));
        }

        // A late import on a day of a whole month inside both windows: reuse of the busiest topic item by someone else.
        await using (var db = database.CreateContext())
        {
            var item = await db.KnowledgeItems.Where(i => i.Topics != null && i.AuthorAccountId != null)
                .OrderByDescending(i => db.Activities.Count(a => a.ItemId == i.Id)).FirstAsync();
            var reuser = await db.SourceAccounts.Where(a => a.Id != item.AuthorAccountId && !a.IsBot && a.SourceSystemId == item.SourceSystemId).FirstAsync();
            var day = new DateTime(2026, 6, 10, 12, 0, 0, DateTimeKind.Utc);
            db.Activities.AddRange(
                new Activity { SourceSystemId = item.SourceSystemId, SourceEventId = "late:1", Type = ActivityType.Accepted, ActorAccountId = reuser.Id, ItemId = item.Id, OccurredAt = day },
                new Activity { SourceSystemId = item.SourceSystemId, SourceEventId = "late:2", Type = ActivityType.Viewed, ActorAccountId = reuser.Id, ItemId = item.Id, OccurredAt = day, Quantity = 40 },
                new Activity { SourceSystemId = reuser.SourceSystemId, SourceEventId = "late:3", Type = ActivityType.Edited, ActorAccountId = reuser.Id, ItemId = item.Id, OccurredAt = day });
            await db.SaveChangesAsync();
            await DirtyDays.MarkAsync(db, [DateOnly.FromDateTime(day)], Now, CancellationToken.None);
        }

        // Not aggregated yet: the month waiting for aggregation is read from raw activity, so nothing lags behind.
        await using (var db = database.CreateContext())
            await AssertEqualAsync(db, Today);

        await AggregateAsync(database);
        string mergedAway;
        await using (var db = database.CreateContext())
        {
            Assert.False(await db.DirtyDays.AnyAsync());
            await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);

            // HR merges the two largest topics: the roll-up keeps the items' own topics, so the merge applies on reading.
            var ranked = (await ExpertiseIndex.BuildAsync(db, Today, CancellationToken.None)).Ranked();
            mergedAway = ranked[1].Key;
            await new TopicRuleStore(db, new FakeTimeProvider(Now)).MergeAsync(ranked[1].Key, ranked[0].Key, "hr@example.com", CancellationToken.None);
        }

        await using (var db = database.CreateContext())
        {
            var merged = await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);
            Assert.DoesNotContain(mergedAway, merged.Topics.Keys);
        }
    }

    [Fact]
    public async Task Incremental_days_add_a_segment_each_and_month_close_joins_them_into_the_rows_of_a_full_recompute()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var seed = database.CreateContext())
            await new DemoSeeder(seed, new Analytics.Jobs.Ingestion.Runner.SqliteActivityBulkWriter(64), new FakeTimeProvider(Now)).SeedAsync(new DemoOptions { Employees = 60, Months = 13, Seed = 7 }, CancellationToken.None);

        // October's last week arrives a day at a time, as daily syncs bring it: taken out, the rest aggregated.
        var lastWeek = new DateTime(2026, 10, 24, 0, 0, 0, DateTimeKind.Utc);
        List<Activity> held;
        await using (var db = database.CreateContext())
        {
            held = await db.Activities.AsNoTracking().Where(a => a.OccurredAt >= lastWeek && a.OccurredAt < lastWeek.AddDays(8)).OrderBy(a => a.Id).ToListAsync();
            await db.Activities.Where(a => a.OccurredAt >= lastWeek && a.OccurredAt < lastWeek.AddDays(8)).ExecuteDeleteAsync();
        }

        await AggregateAsync(database);
        var days = held.Select(a => DateOnly.FromDateTime(a.OccurredAt)).Distinct().Order().ToList();
        Assert.True(days.Count >= 5, $"{days.Count} days of activity in October's last week");
        foreach (var day in days)
        {
            await using (var db = database.CreateContext())
            {
                db.Activities.AddRange(held.Where(a => DateOnly.FromDateTime(a.OccurredAt) == day).Select(a => Copy(a)));
                await db.SaveChangesAsync();
                await DirtyDays.MarkAsync(db, [day], Now, CancellationToken.None);
            }

            await AggregateAsync(database);
        }

        var october = new DateOnly(2026, 10, 1);
        await using (var db = database.CreateContext())
        {
            var segments = await SegmentsAsync(db, october);
            Assert.Equal([.. days.Select(d => (d, d))], segments.Skip(1));
            Assert.True(segments[0].First.Month == 10 && segments[0].Last < days[0], $"the month before the last week: {segments[0]}");
            await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);
        }

        // A day of the last week changed again replaces its own segment (and those of the later days its pair cap marks); a
        // late import on an earlier day, the segment holding it. The figures stay those of the raw activity throughout.
        var before = await SegmentsOfAsync(database, october);
        await LateImportAsync(database, new DateTime(2026, 10, 27, 15, 0, 0, DateTimeKind.Utc));
        var after = await SegmentsOfAsync(database, october);
        Assert.Equal(before.Where(s => s.Last.Day < 27), after.Where(s => s.Last.Day < 27));
        Assert.Contains(after, s => s.First.Day <= 27 && s.Last.Day >= 27);
        await LateImportAsync(database, new DateTime(2026, 10, 9, 15, 0, 0, DateTimeKind.Utc));
        await using (var db = database.CreateContext())
        {
            var segments = await SegmentsAsync(db, october);
            Assert.All(segments.Zip(segments.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First, $"{pair.First} and {pair.Second} overlap"));
            await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);

            // Month close joins the month's segments into one, with the evidence a full recompute writes.
            var aggregator = new Aggregator(db, new BadgeAwarder(db), new FakeTimeProvider(Now), NullLogger<Aggregator>.Instance);
            Assert.True(await new MonthCloser(db, aggregator, new FakeTimeProvider(Now)).CloseAsync(october, "test", CancellationToken.None));
            Assert.Single(await SegmentsAsync(db, october));
            await AssertEqualAsync(db, Today);
            await AssertEqualAsync(db, MonthEnd);
            var closed = await RowsAsync(db, october);

            await aggregator.RunAsync(full: true, CancellationToken.None);
            Assert.Equal(await RowsAsync(db, october), closed);
        }
    }

    private static async Task<List<(DateOnly First, DateOnly Last)>> SegmentsOfAsync(TestDatabase database, DateOnly month)
    {
        await using var db = database.CreateContext();
        return await SegmentsAsync(db, month);
    }

    /// <summary>Reuse of a topic item by someone else on <paramref name="at"/>'s day, imported late and aggregated.</summary>
    private static async Task LateImportAsync(TestDatabase database, DateTime at)
    {
        await using (var db = database.CreateContext())
        {
            var item = await db.KnowledgeItems.Where(i => i.Topics != null && i.AuthorAccountId != null).OrderBy(i => i.Id).FirstAsync();
            var reuser = await db.SourceAccounts.Where(a => a.Id != item.AuthorAccountId && !a.IsBot && a.SourceSystemId == item.SourceSystemId).FirstAsync();
            db.Activities.Add(new Activity
            {
                SourceSystemId = item.SourceSystemId, SourceEventId = $"late:{at:O}", Type = ActivityType.Viewed, ActorAccountId = reuser.Id, ItemId = item.Id,
                OccurredAt = at, Quantity = 30,
            });
            await db.SaveChangesAsync();
            await DirtyDays.MarkAsync(db, [DateOnly.FromDateTime(at)], Now, CancellationToken.None);
        }

        await AggregateAsync(database);
    }

    private static Activity Copy(Activity a) => new()
    {
        SourceSystemId = a.SourceSystemId, SourceEventId = a.SourceEventId, Type = a.Type, ActorAccountId = a.ActorAccountId, ItemId = a.ItemId,
        OccurredAt = a.OccurredAt, Quantity = a.Quantity,
    };

    private static async Task<List<(DateOnly First, DateOnly Last)>> SegmentsAsync(Analytics.Domain.Persistence.AnalyticsDbContext db, DateOnly month) =>
        [.. (await db.MonthlyExpertise.Where(e => e.Month == month).Select(e => new { e.FirstDay, e.LastDay }).Distinct().ToListAsync())
            .Select(s => (s.FirstDay, s.LastDay)).Order()];

    private static async Task<List<(DateOnly, DateOnly, DateOnly, int, string, ActivityType, int, int, double, double)>> RowsAsync(
        Analytics.Domain.Persistence.AnalyticsDbContext db, DateOnly month) =>
        [.. (await db.MonthlyExpertise.AsNoTracking().Where(e => e.Month == month).ToListAsync())
            .Select(e => (e.Month, e.FirstDay, e.LastDay, e.PersonId, e.Topics, e.Type, e.Events, e.QuantityEvents, e.Quantity, e.Weighted)).Order()];

    private static async Task AggregateAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        await new Aggregator(db, new BadgeAwarder(db), new FakeTimeProvider(Now), NullLogger<Aggregator>.Instance).RunAsync(false, CancellationToken.None);
    }

    /// <summary>Every topic's people (scores, counts) and monthly trend agree; returns the roll-up index.</summary>
    private static async Task<ExpertiseIndex> AssertEqualAsync(Analytics.Domain.Persistence.AnalyticsDbContext db, DateOnly windowEnd)
    {
        var raw = await ExpertiseIndex.BuildAsync(db, windowEnd, CancellationToken.None);
        var rollup = await ExpertiseIndex.BuildScoresAsync(db, windowEnd, CancellationToken.None);

        var rawTopics = raw.Topics.Values.Where(t => t.People.Count > 0 || t.Monthly.Count > 0).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(rawTopics.Count >= 5, $"{rawTopics.Count} topics with evidence");
        Assert.Equal(rawTopics, rollup.Topics.Keys.Order(StringComparer.Ordinal).ToList());
        foreach (var key in rawTopics)
        {
            var (expected, actual) = (raw.Topics[key], rollup.Topics[key]);
            Assert.Equal(expected.People.Keys.Order(), actual.People.Keys.Order());
            foreach (var (person, tally) in expected.People)
            {
                var other = actual.People[person];
                Close(tally.ContributionPoints, other.ContributionPoints, $"{windowEnd} {key} {person} contribution points");
                Close(tally.ReusePoints, other.ReusePoints, $"{windowEnd} {key} {person} reuse points");
                Close(tally.ReuseReceived, other.ReuseReceived, $"{windowEnd} {key} {person} reuse received");
                Assert.Equal(tally.Contributions, other.Contributions);
                Assert.Equal(tally.AcceptedAnswers, other.AcceptedAnswers);
            }

            Assert.Equal(expected.Monthly.Keys, actual.Monthly.Keys);
            foreach (var (month, figures) in expected.Monthly)
            {
                Assert.Equal(figures.Contributions, actual.Monthly[month].Contributions);
                Close(figures.Reuse, actual.Monthly[month].Reuse, $"{windowEnd} {key} {month} reuse");
            }
        }

        // Knowledge at risk, the report's use of it, lists the same rows.
        Assert.Equal(
            TopicQueries.KnowledgeAtRisk(raw).Select(r => (r.Topic, r.BusFactor, r.Contributors, r.Score, r.Why)),
            TopicQueries.KnowledgeAtRisk(rollup).Select(r => (r.Topic, r.BusFactor, r.Contributors, r.Score, r.Why)));
        // The report's index has no trend (knowledge at risk does not read it) and the same scores, to the last bit.
        var scoresOnly = await ExpertiseIndex.BuildScoresAsync(db, windowEnd, CancellationToken.None, trend: false);
        Assert.All(scoresOnly.Topics.Values, t => Assert.Empty(t.Monthly));
        Assert.Equal(
            rollup.Topics.Values.Where(t => t.People.Count > 0).SelectMany(t => t.People.Select(p => (t.Key, p.Key, p.Value.ContributionPoints, p.Value.ReusePoints, p.Value.Contributions, p.Value.ReuseReceived, p.Value.AcceptedAnswers))).Order(),
            scoresOnly.Topics.Values.SelectMany(t => t.People.Select(p => (t.Key, p.Key, p.Value.ContributionPoints, p.Value.ReusePoints, p.Value.Contributions, p.Value.ReuseReceived, p.Value.AcceptedAnswers))).Order());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(TopicQueries.KnowledgeAtRisk(rollup)), System.Text.Json.JsonSerializer.Serialize(TopicQueries.KnowledgeAtRisk(scoresOnly)));
        return rollup;
    }

    // The roll-up sums the same terms in another order and splits 2^(a+b) into 2^a × 2^b: equal to rounding.
    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
}

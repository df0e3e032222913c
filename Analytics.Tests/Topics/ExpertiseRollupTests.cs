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

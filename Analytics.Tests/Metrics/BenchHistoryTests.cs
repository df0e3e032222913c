using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Bench;
using Analytics.Jobs.Scoring;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The benchmark's synthetic history has questions and answers as a Q&amp;A export does: without them the answer figures
/// the overview computes for each month read nothing, and `bench web` timed a page that did less than a real one.
/// </summary>
public sealed class BenchHistoryTests
{
    [Fact]
    public async Task Asked_and_answered_activity_lands_on_question_threads_and_becomes_linked_answer_facts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var history = new BenchHistory(seed: 7, people: 30, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        await history.WriteOrganisationAsync(database.ConnectionString, CancellationToken.None);
        await history.WriteActivitiesAsync(database.ConnectionString, 3_000, firstDay: 0, days: 12, CancellationToken.None);
        await using var db = database.CreateContext();
        await new Aggregator(db, new BadgeAwarder(db), TimeProvider.System, NullLogger<Aggregator>.Instance).RunAsync(full: true, CancellationToken.None);

        var items = await db.KnowledgeItems.AsNoTracking().ToDictionaryAsync(i => i.Id);
        var asked = await db.Activities.Where(a => a.Type == ActivityType.Asked).Select(a => new { Item = a.ItemId!.Value, a.OccurredAt }).ToListAsync();
        var answered = await db.Activities.Where(a => a.Type == ActivityType.Answered).Select(a => new { Item = a.ItemId!.Value, a.OccurredAt }).ToListAsync();
        Assert.NotEmpty(asked);
        Assert.NotEmpty(answered);
        Assert.All(asked, a => Assert.Equal("question", items[a.Item].Kind));
        Assert.All(answered, a => Assert.Equal("question", items[items[a.Item].ParentItemId!.Value].Kind));
        // One in eight items is a question with two answers; the rest are pages, as before.
        Assert.Equal(items.Count / BenchHistory.ThreadSize, items.Values.Count(i => i.Kind == "question"));
        Assert.Equal(2 * items.Count / BenchHistory.ThreadSize, items.Values.Count(i => i.Kind == "answer"));

        // A question is asked on one day, and answered on that day or within the lag after it, as a thread goes: a month's
        // answers are about that month's, not answers to the same items all year.
        var askedDay = asked.GroupBy(a => a.Item).ToDictionary(g => g.Key, g => g.Select(a => a.OccurredAt.Date).Distinct().Single());
        var lags = answered.Where(a => askedDay.ContainsKey(items[a.Item].ParentItemId!.Value))
            .Select(a => (a.OccurredAt.Date - askedDay[items[a.Item].ParentItemId!.Value]).TotalDays).ToList();
        Assert.True(lags.Count > answered.Count / 2, $"{lags.Count} of {answered.Count} answers have a question asked in the history");
        Assert.All(lags, lag => Assert.InRange(lag, 0, BenchHistory.AnswerLagDays));
        Assert.Contains(lags, lag => lag > MetricCatalog.AnswerWindowDays);

        // Every answered activity is an answer fact.
        Assert.Equal(answered.Count, await db.AnswerFacts.CountAsync());
    }
}

using Analytics.Domain.Knowledge;
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
        var askedOn = await db.Activities.Where(a => a.Type == ActivityType.Asked).Select(a => a.ItemId!.Value).ToListAsync();
        var answeredOn = await db.Activities.Where(a => a.Type == ActivityType.Answered).Select(a => a.ItemId!.Value).ToListAsync();
        Assert.NotEmpty(askedOn);
        Assert.NotEmpty(answeredOn);
        Assert.All(askedOn, id => Assert.Equal("question", items[id].Kind));
        Assert.All(answeredOn, id => Assert.Equal("question", items[items[id].ParentItemId!.Value].Kind));
        // One in eight items is a question with two answers; the rest are pages, as before.
        Assert.Equal(items.Count / BenchHistory.ThreadSize, items.Values.Count(i => i.Kind == "question"));
        Assert.Equal(2 * items.Count / BenchHistory.ThreadSize, items.Values.Count(i => i.Kind == "answer"));

        // Every answered activity is an answer fact, and some answer a question asked in the history.
        Assert.Equal(answeredOn.Count, await db.AnswerFacts.CountAsync());
        var asked = askedOn.ToHashSet();
        Assert.Contains(await db.AnswerFacts.Select(a => a.QuestionItemId).ToListAsync(), asked.Contains);
    }
}

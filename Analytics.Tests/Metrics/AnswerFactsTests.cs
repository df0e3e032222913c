using System.Globalization;
using System.Text.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.People;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

/// <summary>
/// The answer facts (ADR 2041): after every aggregation the answer rate read from them equals the one computed from raw
/// activity (<see cref="RawAnswerFigures"/>), for every period and population, through late answers, a re-aggregated
/// day, identity and bot-flag changes and a retraction.
/// </summary>
public sealed class AnswerFactsTests
{
    private static DateTime At(int month, int day, int hour = 12) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    private static readonly string[] TrendPeriods = ["2026-09", "2026-10", "2026-11", "2026-Q4"];

    private static readonly string[] Periods = ["2026-09", "2026-10", "2026-11", "2026-Q4", "2026", "2026-10-05..2026-10-20", "2026-10-30..2026-10-30"];

    [Fact]
    public async Task Answer_figures_from_the_facts_equal_those_from_raw_activity_through_late_answers_reaggregation_and_identity_changes()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var a = await w.DepartmentAsync("A", company);
        var b = await w.DepartmentAsync("B", company);
        var ann = await w.PersonAsync("ann", a);
        var ben = await w.PersonAsync("ben", b);
        var cat = await w.PersonAsync("cat", a);
        var dan = await w.PersonAsync("dan", null); // unlinked: a population of its own
        var botPerson = await w.PersonAsync("bot", null, bot: true);
        var bensBotAccount = await w.AccountAsync(ben.PersonId, bot: true);

        async Task<KnowledgeItem> AnswerAsync(SourceAccount? actor, KnowledgeItem question, DateTime at, SourceAccount? author = null)
        {
            var answer = await w.ItemAsync(author ?? actor, "answer", question);
            await w.ActAsync(ActivityType.Answered, actor, answer, at);
            return answer;
        }

        // Answered the next day by someone else after a self-answer.
        var q1 = await w.ItemAsync(ann, "question");
        await w.ActAsync(ActivityType.Asked, ann, q1, At(10, 5, 10));
        await AnswerAsync(ann, q1, At(10, 5, 11));
        var bensAnswer = await AnswerAsync(ben, q1, At(10, 6, 9));
        // Asked at the month's end, answered in the next month within the window (and again after it).
        var q2 = await w.ItemAsync(cat, "question");
        await w.ActAsync(ActivityType.Asked, cat, q2, At(10, 30));
        await AnswerAsync(ben, q2, At(11, 4));
        await AnswerAsync(dan, q2, At(11, 10));
        // Answered only by a bot person and by a person's bot account: unanswered.
        var q3 = await w.ItemAsync(ann, "question");
        await w.ActAsync(ActivityType.Asked, ann, q3, At(10, 10));
        await AnswerAsync(botPerson, q3, At(10, 11));
        await AnswerAsync(bensBotAccount, q3, At(10, 11, 13));
        // An anonymous asker belongs to no population.
        var q4 = await w.ItemAsync(null, "question");
        await w.ActAsync(ActivityType.Asked, null, q4, At(10, 12));
        await AnswerAsync(ben, q4, At(10, 13));
        // An answer without an actor: its item's author answered.
        var q5 = await w.ItemAsync(ben, "question");
        await w.ActAsync(ActivityType.Asked, ben, q5, At(10, 20));
        await AnswerAsync(null, q5, At(10, 21), author: cat);
        // Asked by a bot account: not a question of anyone.
        var q6 = await w.ItemAsync(bensBotAccount, "question");
        await w.ActAsync(ActivityType.Asked, bensBotAccount, q6, At(10, 22));
        await AnswerAsync(ann, q6, At(10, 23));
        // An unlinked person's question in September, answered within the window and after it.
        var q7 = await w.ItemAsync(dan, "question");
        await w.ActAsync(ActivityType.Asked, dan, q7, At(9, 15));
        await AnswerAsync(ann, q7, At(9, 25));
        await AnswerAsync(cat, q7, At(9, 16));
        // Pending at the clock's now (November 15th).
        var q8 = await w.ItemAsync(ann, "question");
        await w.ActAsync(ActivityType.Asked, ann, q8, At(11, 12));
        // One item asked twice: the first asker's question, whose own answer does not count.
        var q9 = await w.ItemAsync(cat, "question");
        await w.ActAsync(ActivityType.Asked, cat, q9, At(10, 3));
        await w.ActAsync(ActivityType.Asked, ann, q9, At(10, 4));
        await AnswerAsync(cat, q9, At(10, 4, 13));
        // An answer stamped before its question (clock skew between sources) counts at zero delay.
        var q10 = await w.ItemAsync(ben, "question");
        await w.ActAsync(ActivityType.Asked, ben, q10, At(10, 25, 12));
        await AnswerAsync(ann, q10, At(10, 25, 8));
        await w.AggregateAsync();
        Assert.True(await w.Db.QuestionFacts.CountAsync() == 11);
        await AssertSameAsRawAsync(w);
        var october = ReportingPeriod.Parse("2026-10");
        var before = await FiguresAsync(w, october, Population.Employees);
        // By hand: q1, q2, q5 and q10 answered; q3 and q9 (only its first asker's own answer) not; q4 (anonymous) and q6
        // (a bot account's) are no one's questions.
        Assert.Equal((6, 4), (before.Questions, before.Answered));

        // A late answer imported for an old question, on a day of its own: its day's facts carry it.
        await AnswerAsync(cat, q3, At(10, 14));
        await w.AggregateAsync();
        await AssertSameAsRawAsync(w);
        Assert.Equal(before.Answered + 1, (await FiguresAsync(w, october, Population.Employees)).Answered);

        // A re-aggregated day (another activity on q1's day) and a full recompute change nothing.
        await w.ActAsync(ActivityType.Commented, ben, q1, At(10, 5, 15));
        await w.AggregateAsync();
        await AssertSameAsRawAsync(w);
        await w.AggregateAsync(full: true);
        await AssertSameAsRawAsync(w);

        // Identity changes need no rewrite: ben's account re-linked to ann (ben's answer to q1 becomes ann's own), then cat
        // flagged a bot (her answers stop counting, her questions leave the population).
        await w.Db.SourceAccounts.Where(x => x.Id == ben.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.PersonId, ann.PersonId));
        await AssertSameAsRawAsync(w);
        await w.Db.Persons.Where(p => p.Id == cat.PersonId).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsBot, true));
        await AssertSameAsRawAsync(w);

        // A retracted answer leaves with its activity.
        await w.Db.Activities.Where(x => x.ItemId == bensAnswer.Id).ExecuteDeleteAsync();
        Assert.False(await w.Db.AnswerFacts.AnyAsync(f => f.AnsweredAt == At(10, 6, 9)));
        await AssertSameAsRawAsync(w);
    }

    [Fact]
    public async Task A_months_answers_are_looked_up_by_its_questions_not_read_from_the_start_of_the_history()
    {
        await using var w = await MetricsWorld.CreateAsync();
        await w.Db.Database.OpenConnectionAsync();
        async Task<List<string>> PlanAsync(string sql)
        {
            await using var command = w.Db.Database.GetDbConnection().CreateCommand();
            // The statement as NarrowRows steps it on SQLite: the parameters numbered ?1, ?2, ?3.
            command.CommandText = "EXPLAIN QUERY PLAN " + string.Format(CultureInfo.InvariantCulture, sql, "?1", "?2", "?3");
            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(3));
            return plan;
        }

        // The askings of the month found in the questions' time index, the answers by question in theirs, neither table
        // itself read; before ADR 2041, SQLite walked the answers' time index from the first answer ever to the window's end.
        var questions = await PlanAsync(BarriersQuery.QuestionsSql(w.Db.SchemaPrefix));
        Assert.Equal(["SEARCH q USING COVERING INDEX IX_QuestionFacts_AskedAt_ItemId_AskerAccountId (AskedAt>? AND AskedAt<?)"], questions);
        var answers = await PlanAsync(BarriersQuery.AnswersSql(w.Db.SchemaPrefix));
        var text = string.Join("\n", answers);
        Assert.Contains(answers, p => p.Contains("USING COVERING INDEX IX_AnswerFacts_QuestionItemId_AnsweredAt_ActorAccountId_AuthorAccountId (QuestionItemId=? AND AnsweredAt<?)", StringComparison.Ordinal));
        Assert.Contains(answers, p => p.Contains("USING COVERING INDEX IX_QuestionFacts_AskedAt", StringComparison.Ordinal));
        Assert.DoesNotContain("IX_AnswerFacts_AnsweredAt (", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_figures_of_several_periods_read_together_equal_each_periods_own()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var ann = await w.PersonAsync("ann", company);
        var ben = await w.PersonAsync("ben", company);
        // Askings in each month from September to November, answered within the window, after it, by the asker, or not
        // at all; the last answer of October's late question falls in November's window but not October's.
        var day = 0;
        foreach (var month in new[] { 9, 10, 11 })
        {
            foreach (var (delay, answerer) in new (TimeSpan, SourceAccount?)[] { (TimeSpan.FromHours(3), ben), (TimeSpan.FromDays(20), ben), (TimeSpan.FromHours(1), ann), (TimeSpan.Zero, null) })
            {
                var question = await w.ItemAsync(ann, "question");
                var asked = At(month, 3 + (day++ % 25));
                await w.ActAsync(ActivityType.Asked, ann, question, asked);
                if (answerer is not null)
                    await w.ActAsync(ActivityType.Answered, answerer, await w.ItemAsync(answerer, "answer", question), asked + delay);
            }
        }

        var late = await w.ItemAsync(ann, "question");
        await w.ActAsync(ActivityType.Asked, ann, late, At(10, 31, 23));
        await w.ActAsync(ActivityType.Answered, ben, await w.ItemAsync(ben, "answer", late), At(10, 31, 23) + AnswerTimes.Window + TimeSpan.FromHours(2));
        await w.AggregateAsync();

        var people = await PeopleDirectoryLoader.LoadAsync(w.Db, CancellationToken.None);
        var periods = TrendPeriods.Select(ReportingPeriod.Parse).ToList();
        var query = new BarriersQuery(w.Db, w.Clock);
        var together = await query.AnswersAsync(periods, people, Population.Employees, CancellationToken.None);
        for (var i = 0; i < periods.Count; i++)
        {
            var alone = await query.AnswersAsync(periods[i], people, Population.Employees, CancellationToken.None);
            var raw = await RawAnswerFigures.ComputeAsync(w.Db, periods[i], people, Population.Employees, w.Clock.GetUtcNow().UtcDateTime);
            Assert.Equal(JsonSerializer.Serialize(raw), JsonSerializer.Serialize(alone));
            Assert.Equal(JsonSerializer.Serialize(alone), JsonSerializer.Serialize(together[i]));
        }

        Assert.Equal(5, together[1].Questions);
        Assert.Equal(1, together[1].Answered);
        Assert.Empty(await query.AnswersAsync([], people, Population.Employees, CancellationToken.None));
    }

    private static async Task<AnswerFigures> FiguresAsync(MetricsWorld w, ReportingPeriod period, Population population) =>
        await new BarriersQuery(w.Db, w.Clock).AnswersAsync(period, await PeopleDirectoryLoader.LoadAsync(w.Db, CancellationToken.None), population, CancellationToken.None);

    private static async Task AssertSameAsRawAsync(MetricsWorld w)
    {
        var people = await PeopleDirectoryLoader.LoadAsync(w.Db, CancellationToken.None);
        foreach (var text in Periods)
        {
            var period = ReportingPeriod.Parse(text);
            foreach (var population in new[] { Population.Employees, Population.Unlinked })
            {
                var raw = await RawAnswerFigures.ComputeAsync(w.Db, period, people, population, w.Clock.GetUtcNow().UtcDateTime);
                Assert.Equal((text, population, JsonSerializer.Serialize(raw)), (text, population, JsonSerializer.Serialize(await FiguresAsync(w, period, population))));
            }
        }
    }
}

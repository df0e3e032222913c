using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics.Support;

/// <summary>
/// The answer rate computed from raw activity, as BarriersQuery.AnswersAsync computed it before the answer facts (ADR
/// 2041): the oracle the facts-based figures must equal.
/// </summary>
public static class RawAnswerFigures
{
    public static async Task<AnswerFigures> ComputeAsync(AnalyticsDbContext db, ReportingPeriod period, PeopleDirectory people, Population population, DateTime asOf)
    {
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var asked = await db.Activities.AsNoTracking()
            .Where(a => a.Type == ActivityType.Asked && a.ItemId != null && a.OccurredAt >= start && a.OccurredAt < end
                        && (a.ActorAccountId == null || !a.ActorAccount!.IsBot))
            .Select(a => new { ItemId = a.ItemId!.Value, Asker = a.ActorAccountId == null ? null : (int?)a.ActorAccount!.PersonId, a.OccurredAt })
            .ToListAsync();
        var questions = asked.Where(q => q.Asker is { } asker && population.Includes(people.Find(asker)))
            .GroupBy(q => q.ItemId).Select(g => g.OrderBy(q => q.OccurredAt).First())
            .Select(q => new Question(q.ItemId, q.Asker, q.OccurredAt)).ToList();

        var ids = questions.Select(q => (long?)q.ItemId).ToList();
        var windowEnd = end.Add(AnswerTimes.Window);
        var rows = await db.Activities.AsNoTracking()
            .Where(a => a.Type == ActivityType.Answered && a.OccurredAt < windowEnd && a.Item != null && ids.Contains(a.Item.ParentItemId)
                        && (a.ActorAccountId == null || !a.ActorAccount!.IsBot))
            .Select(a => new
            {
                Question = a.Item!.ParentItemId!.Value,
                Answerer = a.ActorAccountId != null ? (int?)a.ActorAccount!.PersonId
                    : a.Item.AuthorAccountId != null ? (int?)a.Item.AuthorAccount!.PersonId : null,
                a.OccurredAt,
            })
            .ToListAsync();
        var answers = rows.Where(r => !people.IsBot(r.Answerer)).Select(r => new Answer(r.Question, r.Answerer, r.OccurredAt));
        return AnswerTimes.Compute(questions, answers, asOf);
    }
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Aggregation;

/// <summary>
/// The answer facts (ADR 2041): the day's `asked` and `answered` activities copied, narrow, into QuestionFacts and
/// AnswerFacts, in the aggregator's transaction of that day (in bulk, of those days). The answer rate then reads a
/// period's questions and their answers from these instead of scanning raw activity.
/// </summary>
public static class QuestionAnswerFacts
{
    /// <summary>
    /// Replaces the facts of the days [<paramref name="first"/>, <paramref name="last"/>] with their activities' (by the
    /// time of the activity, so an answer imported late for an old question is written with its own day, which ingestion
    /// marks). A day's facts depend on that day's activities only, so a bulk transaction rewrites its days' range in one
    /// go (a day in it that was not marked gets the rows it has). Deletes and one INSERT ... SELECT per table: no row
    /// crosses the connection. Bracketed names are valid on SQLite and SQL Server (as in MonthlyRollups).
    /// </summary>
    public static async Task RewriteDaysAsync(AnalyticsDbContext db, DateOnly first, DateOnly last, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var start = first.ToDateTime(TimeOnly.MinValue);
        var end = last.AddDays(1).ToDateTime(TimeOnly.MinValue);
        await db.QuestionFacts.Where(q => q.AskedAt >= start && q.AskedAt < end).ExecuteDeleteAsync(ct);
        await db.AnswerFacts.Where(a => a.AnsweredAt >= start && a.AnsweredAt < end).ExecuteDeleteAsync(ct);
        // An activity re-imported with another time moved here from a day that may be rewritten after this one (or not at
        // all): its row still carries the old time, so it goes by its id too, or the insert below would meet it.
        var asked = db.Activities.Where(a => a.OccurredAt >= start && a.OccurredAt < end && a.Type == ActivityType.Asked).Select(a => a.Id);
        await db.QuestionFacts.Where(q => asked.Contains(q.ActivityId)).ExecuteDeleteAsync(ct);
        var answered = db.Activities.Where(a => a.OccurredAt >= start && a.OccurredAt < end && a.Type == ActivityType.Answered).Select(a => a.Id);
        await db.AnswerFacts.Where(f => answered.Contains(f.ActivityId)).ExecuteDeleteAsync(ct);
        var schema = db.SchemaPrefix;
        // Table and schema names are constants of the model, never input; the values are parameters.
#pragma warning disable EF1003
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {schema}[QuestionFacts] ([ActivityId], [ItemId], [AskerAccountId], [AskedAt]) " +
            $"SELECT [Id], [ItemId], [ActorAccountId], [OccurredAt] FROM {schema}[Activities] " +
            "WHERE [OccurredAt] >= {0} AND [OccurredAt] < {1} AND [Type] = {2} AND [ItemId] IS NOT NULL",
            [start, end, (int)ActivityType.Asked], ct);
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {schema}[AnswerFacts] ([ActivityId], [QuestionItemId], [ActorAccountId], [AuthorAccountId], [AnsweredAt]) " +
            $"SELECT a.[Id], i.[ParentItemId], a.[ActorAccountId], i.[AuthorAccountId], a.[OccurredAt] FROM {schema}[Activities] a " +
            $"JOIN {schema}[KnowledgeItems] i ON i.[Id] = a.[ItemId] " +
            "WHERE a.[OccurredAt] >= {0} AND a.[OccurredAt] < {1} AND a.[Type] = {2} AND i.[ParentItemId] IS NOT NULL",
            [start, end, (int)ActivityType.Answered], ct);
#pragma warning restore EF1003
    }
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Topics;

/// <summary>
/// The expertise score of docs/metrics.md computed the plain way, straight from the raw tables, activity by
/// activity: no code of <c>ExpertiseIndex</c> or <c>Expertise.Points</c>, its own weights and its own recency formula,
/// so a mistake in the product's path shows up as a difference.
/// </summary>
internal static class IndependentExpertise
{
    private static double Weight(ActivityType type) => type switch
    {
        ActivityType.Authored or ActivityType.Answered or ActivityType.Presented => 3,
        ActivityType.Mentored => 2,
        ActivityType.Edited => 1,
        ActivityType.Accepted => 5,
        ActivityType.Linked => 2,
        ActivityType.Upvoted => 1,
        ActivityType.Viewed => 0.1,
        _ => 0,
    };

    /// <summary>Score per (topic, person) over the 12 months ending on <paramref name="end"/>.</summary>
    public static async Task<Dictionary<(string Topic, int Person), double>> ComputeAsync(AnalyticsDbContext db, DateOnly end)
    {
        var items = await db.KnowledgeItems.AsNoTracking().ToDictionaryAsync(i => i.Id);
        var accounts = await db.SourceAccounts.AsNoTracking().ToDictionaryAsync(a => a.Id);
        var persons = await db.Persons.AsNoTracking().ToDictionaryAsync(p => p.Id);
        var first = end.AddMonths(-12).AddDays(1).ToDateTime(TimeOnly.MinValue);
        var last = end.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var activities = await db.Activities.AsNoTracking().Where(a => a.ItemId != null && a.OccurredAt >= first && a.OccurredAt < last).ToListAsync();

        bool IsBot(int accountId) => accounts[accountId].IsBot || persons[accounts[accountId].PersonId].IsBot;
        var scores = new Dictionary<(string, int), double>();
        foreach (var a in activities)
        {
            var weight = Weight(a.Type);
            if (weight == 0)
                continue;
            var item = items[a.ItemId!.Value];
            var raw = item.Topics ?? (item.ParentItemId is { } parent ? items[parent].Topics : null);
            var topics = TopicNames.Split(raw);
            if (topics.Count == 0)
                continue;
            int credited;
            if ((int)a.Type < 20)
            {
                if (a.ActorAccountId is not { } actor || IsBot(actor))
                    continue;
                credited = accounts[actor].PersonId;
            }
            else
            {
                if (item.AuthorAccountId is not { } authorAccount || IsBot(authorAccount))
                    continue;
                credited = accounts[authorAccount].PersonId;
                if (a.ActorAccountId is { } reuser && (IsBot(reuser) || accounts[reuser].PersonId == credited))
                    continue;
            }

            var days = end.DayNumber - DateOnly.FromDateTime(a.OccurredAt).DayNumber;
            var points = weight * a.Quantity * Math.Exp(-Math.Log(2) * days / 180.0);
            foreach (var topic in topics)
                scores[(topic, credited)] = scores.GetValueOrDefault((topic, credited)) + points;
        }

        return scores;
    }
}

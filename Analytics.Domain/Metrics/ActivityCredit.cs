using Analytics.Domain.Aggregation;
using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Metrics;

/// <summary>An activity with the persons behind its accounts resolved, as read from the database.</summary>
public sealed record ActivityFact(
    long ActivityId,
    ActivityType Type,
    DateTime OccurredAt,
    double Quantity,
    long? ItemId,
    int? ActorPersonId,
    bool ActorAccountIsBot,
    int? AuthorPersonId,
    bool AuthorAccountIsBot);

/// <summary>
/// An activity as it counts: credited to <see cref="PersonId"/> (the actor for contributions and learning,
/// the item's author for reuse) with <see cref="Units"/> events (hours for mentoring).
/// </summary>
public sealed record CreditedEvent(
    long ActivityId,
    DateTime OccurredAt,
    ActivityType Type,
    int PersonId,
    int? DepartmentId,
    double Units,
    int? ReuserPersonId,
    int? ReuserDepartmentId)
{
    public DateOnly Day => DirtyDays.DayOf(OccurredAt);
    public bool IsCrossTeam => DepartmentId is { } author && ReuserDepartmentId is { } reuser && author != reuser;
}

/// <summary>Who an activity is credited to, and whether it counts at all (product.md, "Metric definitions").</summary>
public static class ActivityCredit
{
    /// <summary>
    /// Credits one activity, or returns null when it does not count: nobody to credit, a bot account or bot
    /// person acting, an item written through a bot account, self-reuse, or a quantity that is not positive.
    /// View deduplication needs the whole day and is done by <see cref="DayAggregate"/>.
    /// </summary>
    public static CreditedEvent? Credit(ActivityFact fact, PeopleDirectory people)
    {
        if (fact.Quantity <= 0 || fact.ActorAccountIsBot)
            return null;

        var day = DirtyDays.DayOf(fact.OccurredAt);
        if (!fact.Type.IsReuse())
        {
            if (fact.ActorPersonId is not { } actor)
                return null;
            return new CreditedEvent(fact.ActivityId, fact.OccurredAt, fact.Type, actor, people.DepartmentOn(actor, day),
                fact.Quantity, null, null);
        }

        if (fact.AuthorPersonId is not { } author || fact.AuthorAccountIsBot)
            return null;
        if (people.IsBot(fact.ActorPersonId) || fact.ActorPersonId == author)
            return null;

        return new CreditedEvent(fact.ActivityId, fact.OccurredAt, fact.Type, author, people.DepartmentOn(author, day),
            fact.Quantity, fact.ActorPersonId, people.DepartmentOn(fact.ActorPersonId, day));
    }
}

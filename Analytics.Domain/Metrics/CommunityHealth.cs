using Analytics.Domain.Communities;
using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Metrics;

/// <summary>One community's health in one month (see <see cref="MetricCatalog.CommunityMembers"/> and the definitions after it).</summary>
public sealed record CommunityMonth(
    DateOnly Month,
    int Members,
    int PeopleOverYear,
    double? ActiveShare,
    int Departments,
    int Contributions,
    AnswerFigures Answers,
    double ReuseEvents,
    double CrossDepartmentReuse,
    double? CrossDepartmentShare,
    IReadOnlySet<int> MemberIds);

/// <summary>
/// Health of a community of practice per month. The community's items are given (those whose Topics, or whose
/// parent's Topics, hold one of its members); activities on them are credited with <see cref="ActivityCredit"/>,
/// so bots, self-reuse and unlinked people are treated exactly as in every other figure.
/// </summary>
public static class CommunityHealth
{
    /// <summary>
    /// The month starting on <paramref name="month"/> (its first day). <paramref name="facts"/> are the activities on
    /// the community's items from <see cref="CommunityRules.TrendMonths"/> months before through the window of
    /// answers after the month; <paramref name="parentOf"/> maps an answer item to its question.
    /// </summary>
    public static CommunityMonth Compute(DateOnly month, IReadOnlyCollection<ActivityFact> facts, IReadOnlyDictionary<long, long> parentOf,
        PeopleDirectory people, DateTime asOf)
    {
        var from = month.ToDateTime(TimeOnly.MinValue);
        var to = month.AddMonths(1).ToDateTime(TimeOnly.MinValue);
        var yearFrom = month.AddMonths(1 - CommunityRules.TrendMonths).ToDateTime(TimeOnly.MinValue);

        var members = new HashSet<int>();
        var overYear = new HashSet<int>();
        var departments = new HashSet<int>();
        var contributions = 0;
        double reuse = 0, cross = 0;
        var seenViews = new HashSet<(int Viewer, long Item, DateOnly Day)>();
        foreach (var fact in facts)
        {
            if (fact.OccurredAt < yearFrom || fact.OccurredAt >= to || ActivityCredit.Credit(fact, people) is not { } credited)
                continue;
            var inMonth = fact.OccurredAt >= from;
            if (credited.Type.IsContribution())
            {
                // Members are employees in a department that day: the group rule counts only people with a department.
                if (credited.DepartmentId is not { } department)
                    continue;
                overYear.Add(credited.PersonId);
                if (!inMonth)
                    continue;
                members.Add(credited.PersonId);
                departments.Add(department);
                contributions++;
            }
            else if (credited.Type.IsReuse() && inMonth && !people.IsBot(credited.PersonId))
            {
                // Reuse of a bot's item is nobody's knowledge reused: bots are in no group figure.
                // A view counts once per viewer, item and day, as in the daily aggregate.
                if (credited.Type == ActivityType.Viewed && credited.ReuserPersonId is { } viewer && fact.ItemId is { } item
                    && !seenViews.Add((viewer, item, credited.Day)))
                    continue;
                reuse += credited.Units;
                if (credited.IsCrossTeam)
                    cross += credited.Units;
            }
        }

        return new CommunityMonth(month, members.Count, overYear.Count, GroupRates.ActiveContributorRate(members.Count, overYear.Count),
            departments.Count, contributions, Answers(from, to, facts, parentOf, people, asOf), Math.Round(reuse, 4), Math.Round(cross, 4),
            reuse <= 0 ? null : cross / reuse, members);
    }

    // Questions asked in the month on the community's items by people counted in groups, answered by anyone but a bot;
    // the same reading as BarriersQuery.AnswersAsync, restricted to the community.
    private static AnswerFigures Answers(DateTime from, DateTime to, IEnumerable<ActivityFact> facts, IReadOnlyDictionary<long, long> parentOf,
        PeopleDirectory people, DateTime asOf)
    {
        var questions = facts
            .Where(f => f.Type == ActivityType.Asked && f.ItemId is not null && f.OccurredAt >= from && f.OccurredAt < to && !f.ActorAccountIsBot
                        && f.ActorPersonId is { } asker && people.Find(asker) is { CountsInGroups: true })
            .GroupBy(f => f.ItemId!.Value).Select(g => g.OrderBy(f => f.OccurredAt).First())
            .Select(f => new Question(f.ItemId!.Value, f.ActorPersonId, f.OccurredAt)).ToList();
        var answers = facts
            .Where(f => f.Type == ActivityType.Answered && f.ItemId is { } item && parentOf.ContainsKey(item) && !f.ActorAccountIsBot)
            .Select(f => new Answer(parentOf[f.ItemId!.Value], f.ActorPersonId ?? f.AuthorPersonId, f.OccurredAt))
            .Where(a => !people.IsBot(a.AnswererPersonId))
            .ToList();
        return AnswerTimes.Compute(questions, answers, asOf);
    }

    /// <summary>
    /// The people counted as members, by item, in the month: employees with a contribution on the item while in a
    /// department. <see cref="CommunityDisclosure"/> works on these, so it counts exactly the members shown.
    /// </summary>
    public static IReadOnlyDictionary<long, IReadOnlySet<int>> ContributorsByItem(DateOnly month, IEnumerable<ActivityFact> facts, PeopleDirectory people)
    {
        var from = month.ToDateTime(TimeOnly.MinValue);
        var to = month.AddMonths(1).ToDateTime(TimeOnly.MinValue);
        var byItem = new Dictionary<long, HashSet<int>>();
        foreach (var fact in facts)
        {
            if (fact.OccurredAt < from || fact.OccurredAt >= to || fact.ItemId is not { } item || !fact.Type.IsContribution()
                || ActivityCredit.Credit(fact, people) is not { DepartmentId: not null } credited)
                continue;
            if (!byItem.TryGetValue(item, out var set))
                byItem[item] = set = [];
            set.Add(credited.PersonId);
        }

        return byItem.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value);
    }

    /// <summary>The first day of each of the <see cref="CommunityRules.TrendMonths"/> months ending with <paramref name="month"/>, oldest first.</summary>
    public static IReadOnlyList<DateOnly> TrendMonths(DateOnly month) =>
        [.. Enumerable.Range(0, CommunityRules.TrendMonths).Select(i => month.AddMonths(i + 1 - CommunityRules.TrendMonths))];
}

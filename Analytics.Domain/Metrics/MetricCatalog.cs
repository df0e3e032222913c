namespace Analytics.Domain.Metrics;

/// <summary>A metric as the Definitions page, the Excel sheet and the command line describe it.</summary>
public sealed record MetricDefinition(string Code, string Name, string Description, string Unit);

/// <summary>
/// Every metric of product.md in words. The code that computes each one lives next to it in this
/// folder (<see cref="ActivityCredit"/>, <see cref="DayAggregate"/>, <see cref="Concentration"/>,
/// <see cref="AnswerTimes"/>, <see cref="StaleContent"/>, <see cref="GroupRates"/>), so a change of a
/// definition is one place to read and one place to test.
/// </summary>
public static class MetricCatalog
{
    public const int AnswerWindowDays = 7;
    public const int StaleAfterMonths = 12;
    public const double TopShareFraction = 0.10;

    public static MetricDefinition Contribution { get; } = new("contribution", "Contribution",
        "An activity that creates or improves knowledge: a page or document authored or edited, a question asked, an answer " +
        "posted, a comment, a chat message, a session or debrief presented, an hour of mentoring given. Counted for the person " +
        "who did it, on the UTC day it happened.", "activities");

    public static MetricDefinition ReuseEvent { get; } = new("reuse", "Reuse event",
        "Someone other than the author consumes or builds on an item: a view (once per viewer, item and day), a link or citation, " +
        "an accepted answer, an upvote or reaction, a question closed as a duplicate of it. Credited to the item's author. " +
        "Reusing your own item never counts; neither does reuse by a bot. Reuse whose user is unknown (anonymous votes, " +
        "view counts) counts for the author.", "events");

    public static MetricDefinition CrossTeamReuse { get; } = new("cross-team-reuse", "Cross-team reuse",
        "A reuse event whose user sat in a different department from the author on the day of the reuse. When either " +
        "department is unknown (anonymous reuse, a person not linked to an employee) it is not cross-team.", "events");

    public static MetricDefinition ActiveContributorRate { get; } = new("active-contributor-rate", "Active-contributor rate",
        "People with at least one contribution in the period while in the group, divided by the group's headcount: everyone " +
        "employed in the group on at least one day of the period.", "share");

    public static MetricDefinition ReuseRatio { get; } = new("reuse-ratio", "Reuse ratio",
        "Reuse events received divided by contributions, for a person or a group over the period. Empty when there are no contributions.", "ratio");

    public static MetricDefinition AnswerRate { get; } = new("answer-rate", "Answer rate",
        $"Questions asked in the period that someone other than the asker answered within {AnswerWindowDays} days, divided by " +
        $"the questions asked. A question younger than {AnswerWindowDays} days without an answer yet is left out until its window ends.", "share");

    public static MetricDefinition MedianTimeToFirstAnswer { get; } = new("median-time-to-first-answer", "Median time to first answer",
        $"For questions answered within {AnswerWindowDays} days by someone other than the asker, the median delay between the " +
        "question and its first such answer.", "hours");

    public static MetricDefinition KnowledgeFlow { get; } = new("knowledge-flow", "Knowledge flow",
        "Reuse events counted from the author's department to the reuser's department (both on the day of the reuse): who " +
        "reuses whose knowledge. The diagonal is reuse inside a department.", "events");

    public static MetricDefinition Concentration { get; } = new("concentration", "Concentration",
        "Among the people who contributed in the period: the share of all contributions made by the top 10% of them (at " +
        "least one person), and the Gini coefficient of their contributions (0 = everyone equal, towards 1 = a few do everything).", "share");

    public static MetricDefinition Stale { get; } = new("stale-content", "Stale content",
        $"Items reused in the period whose last edit (or creation, if never edited) is more than {StaleAfterMonths} months " +
        "before the period's end: knowledge people still rely on that nobody maintains.", "items");

    public static MetricDefinition Learning { get; } = new("learning", "Learning",
        "Courses and learning items completed and sessions attended, by the learner; hours of mentoring given, by the mentor.", "completions, hours");

    public static MetricDefinition SiloDepartment { get; } = new("silo", "Silo department",
        "A department with reuse in the period where less than 10% of the reuse of its knowledge comes from other departments " +
        "and less than 10% of the reuse by its people is of other departments' knowledge.", "departments");

    public static MetricDefinition Topic { get; } = new("topic", "Topic",
        "A tag, wiki space or category, chat channel or repository folder that items carry, in one spelling: lower case, hyphens, " +
        "underscores and slashes as spaces, a plural last word made singular (\"Machine-Learning\", \"machine_learnings\" and " +
        "\"machine learning\" are one topic). An answer without tags takes its question's. HR can merge a topic into another or hide it.", "topics");

    public static MetricDefinition Expertise { get; } = new("expertise", "Expertise score",
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Per person and topic over a window (default the last {Metrics.Expertise.DefaultWindowMonths} months): points for their own contributions on items of the topic ") +
        "(" + Weights(Metrics.Expertise.ContributionWeights) + "; mentoring per hour) plus points for the reuse other people made of the items " +
        "they wrote (" + Weights(Metrics.Expertise.ReuseWeights) + " per event). Reusing your own item never counts, nor does reuse by a bot. " +
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Each event is weighted by how recent it is: full weight at the window's end, half {Metrics.Expertise.HalfLifeDays:0} days earlier. ") +
        "Only linked employees still employed appear as experts; people who opted out of the leaderboard or hid themselves from expertise search never do.", "points");

    public static MetricDefinition BusFactor { get; } = new("bus-factor", "Bus factor (knowledge at risk)",
        "Per topic, the fewest people whose expertise scores together make at least half of the topic's total over the window: " +
        "1 means one person holds most of what is known and reused on it. " +
        FormattableString.Invariant($"A topic is at risk when its bus factor is {Metrics.Expertise.RiskBusFactor} or less, or when those of its main contributors ") +
        FormattableString.Invariant($"who have left or have a leave date in the HR directory hold {Metrics.Expertise.LeaverRiskShare:P0} of its expertise or more."), "people");

    public static MetricDefinition CommunityMembers { get; } = new("community-members", "Community members",
        "A community of practice is a named set of channels, spaces, repository paths or tags of the sources, defined by HR. Its items " +
        "are those whose channel, space or tags hold one of them (ignoring case), and the answers and replies to such items. Its members " +
        "in a month are the employees with at least one contribution on its items that month, in a department on that day.", "people");

    public static MetricDefinition CommunityActiveShare { get; } = new("community-active-share", "Community active share",
        "A community's members in the month divided by the people who contributed to it at any time in the 12 months ending with the " +
        "month: how much of the community's wider circle is active now.", "share");

    public static MetricDefinition CommunityDepartments { get; } = new("community-departments", "Departments represented",
        "The number of departments (the department each member sat in on the day of a contribution) among a community's members in the month.", "departments");

    public static MetricDefinition CommunityAnswers { get; } = new("community-answers", "Community questions and answers",
        $"Questions asked in the month on the community's items by employees; answered, answer rate and median time to first answer as " +
        $"defined above (by someone other than the asker, within {AnswerWindowDays} days, bots never count).", "questions, share, hours");

    public static MetricDefinition CommunityCrossDepartmentReuse { get; } = new("community-cross-department-reuse", "Community cross-department reuse",
        "Reuse events in the month on the community's items (as defined above: never self-reuse, views once per viewer, item and day) " +
        "whose user sat in a different department from the item's author that day, and their share of all reuse of the community's items.", "events, share");

    public static MetricDefinition CommunityTrend { get; } = new("community-trend", "Community trend",
        "Members and contributions of a community in each of the 12 months ending with the month shown. Every month is shown only when it " +
        "has at least the minimum group size of members, and a community whose items all belong to another is hidden when the other's " +
        "figures minus its own would describe fewer people than the minimum.", "people, activities");

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        Contribution, ReuseEvent, CrossTeamReuse, ActiveContributorRate, ReuseRatio, AnswerRate, MedianTimeToFirstAnswer,
        KnowledgeFlow, Concentration, Stale, Learning, SiloDepartment, Topic, Expertise, BusFactor,
        CommunityMembers, CommunityActiveShare, CommunityDepartments, CommunityAnswers, CommunityCrossDepartmentReuse, CommunityTrend,
    ];

    private static string Weights(IReadOnlyDictionary<Knowledge.ActivityType, double> weights) =>
        string.Join(", ", weights.Select(w => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Knowledge.ActivityTypes.Code(w.Key)} {w.Value:0.##}")));

    /// <summary>Who is left out of group figures (departments, company totals, leaderboards) unless a caller asks for them.</summary>
    public const string ExclusionsInWords =
        "Bots (a bot person, or any activity through a bot account) and people not linked to an HR employee are left out of " +
        "group figures and leaderboards. Leavers count for the days they were employed. Leaderboards also leave out people who " +
        "opted out and people no longer employed at the period's end.";
}

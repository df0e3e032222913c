namespace Analytics.Domain.Metrics;

/// <summary>How an indicator's value reads and how its change is told: shares in percentage points, the rest relative.</summary>
public enum IndicatorKind
{
    /// <summary>A share of people or events, 0 to 1; changes in percentage points.</summary>
    Share,

    /// <summary>A quantity per person of the headcount; changes relative (%).</summary>
    PerHead,

    /// <summary>A ratio of two quantities (reuse per contribution); changes relative (%).</summary>
    Ratio,

    /// <summary>A whole count; changes relative (%).</summary>
    Count,
}

/// <summary>One indicator of a practice, as the scorecard, the report's Practices sheet and the Definitions page show it.</summary>
public sealed record PracticeIndicator(string Code, string Name, string Description, IndicatorKind Kind)
{
    /// <summary>Rates and per-head figures are comparable across departments of different sizes; counts are not.</summary>
    public bool IsShare => Kind == IndicatorKind.Share;
}

/// <summary>
/// One of the five practices of product.md. Its first indicator is its headline: the one its 12-month trend chart draws and
/// the department comparison chart shows (always a share, so departments of any size compare).
/// </summary>
public sealed record Practice(string Code, string Name, string Question, IReadOnlyList<PracticeIndicator> Indicators)
{
    public PracticeIndicator Headline => Indicators[0];
}

/// <summary>
/// What one group (the company or a department with everything under it) did in one month: the inputs of every
/// indicator, counted with the definitions of <see cref="MetricCatalog"/> (group members only, bots and unlinked people
/// left out). <see cref="StaleItems"/> is null when it was not computed for the month (only the scorecard's three
/// compared months carry it: it reads raw activity). <see cref="FlowBreadth"/> is null without two departments to compare.
/// </summary>
public sealed record PracticeInputs(
    int Headcount,
    int ActiveContributors,
    int Contributions,
    double ReuseReceived,
    double CrossTeamReuseReceived,
    int PeopleRecognised,
    int? StaleItems,
    int SessionsPresented,
    int Attendances,
    int PeopleReflecting,
    double? FlowBreadth,
    int PeopleReusedAcrossTeams,
    int PeopleLearning,
    double LearningHours,
    double MentoringHours,
    int? PeopleInCommunities = null)
{
    public static PracticeInputs Empty { get; } = new(0, 0, 0, 0, 0, 0, null, 0, 0, 0, null, 0, 0, 0, 0);
}

/// <summary>
/// The five practices and their indicators (issue 18), in one place: the scorecard page, the monthly report's Practices
/// sheet and charts, and the Definitions page and sheet all read this catalog, and <see cref="Compute"/> is the only code
/// that turns a group's month into indicator values. Community health (issue 17 part 6) leads <see cref="Communities"/>
/// where communities are defined (ADR 1833); knowledge-flow breadth follows it, and stands alone where none are.
/// </summary>
public static class PracticeCatalog
{
    public static PracticeIndicator ActiveContributorRate { get; } = new("active-contributor-rate", "Active-contributor rate",
        MetricCatalog.ActiveContributorRate.Description, IndicatorKind.Share);

    public static PracticeIndicator ContributionsPerHead { get; } = new("contributions-per-head", "Contributions per head",
        "Contributions in the month divided by the group's headcount.", IndicatorKind.PerHead);

    public static PracticeIndicator PeopleRecognised { get; } = new("people-recognised", "People recognised",
        "People of the group (their department on the day of the decision) who received at least one approved recognition award " +
        "in the month; an award counts in the month it was approved.", IndicatorKind.Count);

    public static PracticeIndicator CrossTeamShare { get; } = new("cross-team-share", "Cross-team share of reuse",
        "Cross-team reuse events received by the group's knowledge divided by all reuse events it received: how far what is " +
        "captured travels beyond the team that wrote it.", IndicatorKind.Share);

    public static PracticeIndicator ReusePerContribution { get; } = new("reuse-per-contribution", "Reuse per contribution",
        MetricCatalog.ReuseRatio.Description, IndicatorKind.Ratio);

    public static PracticeIndicator StaleItems { get; } = new("stale-items", "Stale items",
        MetricCatalog.Stale.Description + " Counted for the group of the item's author at the month's end; not part of the 12-month trend " +
        "(it reads every reuse record of a month).", IndicatorKind.Count);

    public static PracticeIndicator ReflectingShare { get; } = new("reflecting-share", "People in sessions and debriefs",
        "People of the group who presented or attended a session, debrief or project review in the month, divided by its headcount.",
        IndicatorKind.Share);

    public static PracticeIndicator SessionsPresented { get; } = new("sessions-presented", "Sessions and debriefs presented",
        "Sessions, talks, debriefs and project reviews presented by people of the group in the month (activity type presented).",
        IndicatorKind.Count);

    public static PracticeIndicator Attendances { get; } = new("attendances", "Attendances",
        "Attendances at sessions, debriefs and community meetings by people of the group in the month (activity type attended).",
        IndicatorKind.Count);

    public static PracticeIndicator CommunityMembersShare { get; } = new("community-members-share", "People active in communities",
        "People of the group counted as members (" + MetricCatalog.CommunityMembers.Name + ") of at least one community of practice " +
        "whose figures the Communities page shows for the month, divided by the group's headcount. Empty when no community is " +
        "defined or none is shown for the month (under the minimum group size).", IndicatorKind.Share);

    public static PracticeIndicator FlowBreadth { get; } = new("flow-breadth", "Knowledge-flow breadth",
        "For a department: the share of the other departments compared with it (the departments just below the company whose " +
        "figures are shown) that reused its knowledge or whose knowledge its people reused in the month. For the company: the " +
        "share of pairs of those departments that exchanged knowledge either way (the average of the departments' breadth). " +
        "Empty with fewer than two departments.", IndicatorKind.Share);

    public static PracticeIndicator ReusedAcrossTeamsShare { get; } = new("reused-across-teams-share", "People reused across teams",
        "People of the group whose knowledge was reused by someone of another department in the month, divided by its headcount.",
        IndicatorKind.Share);

    public static PracticeIndicator LearningShare { get; } = new("learning-share", "People learning",
        "People of the group who completed a course or learning item or attended a session in the month, divided by its headcount.",
        IndicatorKind.Share);

    public static PracticeIndicator LearningHoursPerHead { get; } = new("learning-hours-per-head", "Learning hours per head",
        "Hours of courses and learning items completed in the month (a completion whose source gives no hours counts as one) " +
        "divided by the group's headcount.", IndicatorKind.PerHead);

    public static PracticeIndicator MentoringHoursPerHead { get; } = new("mentoring-hours-per-head", "Mentoring hours per head",
        "Hours of mentoring given by people of the group in the month divided by its headcount.", IndicatorKind.PerHead);

    public static Practice Sharing { get; } = new("sharing", "Culture of sharing",
        "Do people write down what they know, and is it recognised?", [ActiveContributorRate, ContributionsPerHead, PeopleRecognised]);

    public static Practice Technology { get; } = new("technology", "Technology for capture and reuse",
        "Is what is captured found and reused, and kept up to date?", [CrossTeamShare, ReusePerContribution, StaleItems]);

    public static Practice Reflection { get; } = new("reflection", "Reflection",
        "Do teams look back on their work together: debriefs, project reviews, sessions?", [ReflectingShare, SessionsPresented, Attendances]);

    public static Practice Communities { get; } = new("communities", "Learning communities",
        "Do people learn together in communities, and does knowledge flow between departments?",
        [CommunityMembersShare, FlowBreadth, ReusedAcrossTeamsShare]);

    public static Practice Learning { get; } = new("learning", "Lifelong learning",
        "Do people keep learning and teach each other?", [LearningShare, LearningHoursPerHead, MentoringHoursPerHead]);

    public static IReadOnlyList<Practice> All { get; } = [Sharing, Technology, Reflection, Communities, Learning];

    public static IEnumerable<PracticeIndicator> Indicators => All.SelectMany(p => p.Indicators);

    public static Practice? Find(string code) => All.FirstOrDefault(p => p.Code == code);

    /// <summary>
    /// Every indicator's value for one group and month; null where it is undefined (no headcount, no reuse, no
    /// contribution, not computed), never a made-up zero.
    /// </summary>
    public static IReadOnlyDictionary<string, double?> Compute(PracticeInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        double? PerHead(double value) => inputs.Headcount == 0 ? null : value / inputs.Headcount;
        return new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            [ActiveContributorRate.Code] = GroupRates.ActiveContributorRate(inputs.ActiveContributors, inputs.Headcount),
            [ContributionsPerHead.Code] = PerHead(inputs.Contributions),
            [PeopleRecognised.Code] = inputs.PeopleRecognised,
            [CrossTeamShare.Code] = inputs.ReuseReceived <= 0 ? null : inputs.CrossTeamReuseReceived / inputs.ReuseReceived,
            [ReusePerContribution.Code] = GroupRates.ReuseRatio(inputs.ReuseReceived, inputs.Contributions),
            [StaleItems.Code] = inputs.StaleItems,
            [ReflectingShare.Code] = PerHead(inputs.PeopleReflecting),
            [SessionsPresented.Code] = inputs.SessionsPresented,
            [Attendances.Code] = inputs.Attendances,
            [CommunityMembersShare.Code] = inputs.PeopleInCommunities is { } inCommunities ? PerHead(inCommunities) : null,
            [FlowBreadth.Code] = inputs.FlowBreadth,
            [ReusedAcrossTeamsShare.Code] = PerHead(inputs.PeopleReusedAcrossTeams),
            [LearningShare.Code] = PerHead(inputs.PeopleLearning),
            [LearningHoursPerHead.Code] = PerHead(inputs.LearningHours),
            [MentoringHoursPerHead.Code] = PerHead(inputs.MentoringHours),
        };
    }

    /// <summary>
    /// The change from <paramref name="before"/> to <paramref name="now"/>: percentage points for shares (0.05 → 0.08 is
    /// +3), relative for everything else (10 → 12 is +0.2); null when there is nothing to compare (either missing, or a
    /// relative change from 0). The dashboard's rule and the report's (one definition, issue 18).
    /// </summary>
    public static double? Change(PracticeIndicator indicator, double? now, double? before)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (now is not { } n || before is not { } b)
            return null;
        if (indicator.IsShare)
            return (n - b) * 100;
        return b == 0 ? null : (n - b) / b;
    }

    /// <summary>Knowledge-flow breadth of each department among <paramref name="departments"/>, from the month's cross-department reuse.</summary>
    public static IReadOnlyDictionary<int, double?> Breadth(IReadOnlyCollection<int> departments, IEnumerable<(int Author, int Reuser)> flows)
    {
        ArgumentNullException.ThrowIfNull(departments);
        ArgumentNullException.ThrowIfNull(flows);
        var partners = departments.ToDictionary(d => d, _ => new HashSet<int>());
        foreach (var (author, reuser) in flows)
        {
            if (author == reuser || !partners.ContainsKey(author) || !partners.ContainsKey(reuser))
                continue;
            partners[author].Add(reuser);
            partners[reuser].Add(author);
        }

        var others = departments.Count - 1;
        return partners.ToDictionary(p => p.Key, p => others < 1 ? null : (double?)p.Value.Count / others);
    }
}

/// <summary>How the scorecard page and the report write an indicator's value and change, so the two read the same.</summary>
public static class PracticeFormat
{
    public const string NotAvailable = "n/a";

    public static string Value(PracticeIndicator indicator, double? value)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (value is not { } v)
            return NotAvailable;
        return indicator.Kind switch
        {
            IndicatorKind.Share => (v * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%",
            IndicatorKind.Count => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>"+2.5 pts" for a share, "+12.0%" otherwise, "n/a" when <see cref="PracticeCatalog.Change"/> gives none.</summary>
    public static string Change(PracticeIndicator indicator, double? now, double? before)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        if (PracticeCatalog.Change(indicator, now, before) is not { } change)
            return NotAvailable;
        return indicator.IsShare
            ? change.ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + " pts"
            : (change * 100).ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
    }
}

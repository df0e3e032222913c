using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Scoring;

/// <summary>What a badge adds up from a person's daily metrics.</summary>
public enum BadgeMeasure
{
    /// <summary>Activity records (answers given, sessions presented).</summary>
    Count,

    /// <summary>Events or hours (reuse received, mentoring hours).</summary>
    Quantity,

    /// <summary>Reuse received from another department.</summary>
    CrossTeam,
}

/// <summary>A milestone: awarded once, on the first day the running total reaches the threshold.</summary>
public sealed record BadgeDefinition(string Code, string Name, string Description, IReadOnlyList<ActivityType> Types, BadgeMeasure Measure, double Threshold);

public static class BadgeCatalog
{
    private static readonly ActivityType[] Reuse = ActivityTypes.All.Where(t => t.IsReuse()).ToArray();

    public static BadgeDefinition FirstAnswer { get; } = new("first-answer", "First answer",
        "Answered a question for the first time.", [ActivityType.Answered], BadgeMeasure.Count, 1);

    public static BadgeDefinition Reuse10 { get; } = new("reuse-10", "Reused 10 times",
        "Other people reused this person's knowledge 10 times.", Reuse, BadgeMeasure.Quantity, 10);

    public static BadgeDefinition Reuse100 { get; } = new("reuse-100", "Reused 100 times",
        "Other people reused this person's knowledge 100 times.", Reuse, BadgeMeasure.Quantity, 100);

    public static BadgeDefinition Connector { get; } = new("connector", "Cross-team connector",
        "People in other departments reused this person's knowledge 25 times.", Reuse, BadgeMeasure.CrossTeam, 25);

    public static BadgeDefinition Mentor { get; } = new("mentor", "Mentor",
        "Gave 10 hours of mentoring.", [ActivityType.Mentored], BadgeMeasure.Quantity, 10);

    public static BadgeDefinition ReflectivePractitioner { get; } = new("reflective-practitioner", "Reflective practitioner",
        "Presented 3 sessions, debriefs or project reviews.", [ActivityType.Presented], BadgeMeasure.Count, 3);

    public static IReadOnlyList<BadgeDefinition> All { get; } = [FirstAnswer, Reuse10, Reuse100, Connector, Mentor, ReflectivePractitioner];

    /// <summary>The day the running total of (day, value) rows reaches the threshold, or null.</summary>
    public static DateOnly? DayReached(BadgeDefinition badge, IEnumerable<(DateOnly Day, double Value)> daily)
    {
        var total = 0.0;
        foreach (var (day, value) in daily.OrderBy(d => d.Day))
        {
            total += value;
            if (total >= badge.Threshold)
                return day;
        }

        return null;
    }
}

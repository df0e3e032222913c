namespace Analytics.Domain.Knowledge;

/// <summary>The product's vocabulary of activities (product.md). Stored as its number: never renumber.</summary>
public enum ActivityType
{
    // Contributions, credited to the actor.
    Authored = 1,
    Edited = 2,
    Asked = 3,
    Answered = 4,
    Commented = 5,
    Posted = 6,
    Presented = 7,
    Mentored = 8,

    /// <summary>Gave a verdict on someone else's change in code review: approved it or requested changes (GitHub).</summary>
    Reviewed = 9,

    // Learning, credited to the learner.
    Completed = 20,
    Attended = 21,

    // Reuse, credited to the item's author; the actor is the reuser.
    Viewed = 40,
    Linked = 41,
    Accepted = 42,
    Upvoted = 43,
    Reacted = 44,
    Duplicate = 45,
}

public enum ActivityCategory
{
    Contribution,
    Learning,
    Reuse,
}

public static class ActivityTypes
{
    public static ActivityCategory CategoryOf(ActivityType type) => (int)type switch
    {
        < 20 => ActivityCategory.Contribution,
        < 40 => ActivityCategory.Learning,
        _ => ActivityCategory.Reuse,
    };

    public static bool IsContribution(this ActivityType type) => CategoryOf(type) == ActivityCategory.Contribution;
    public static bool IsReuse(this ActivityType type) => CategoryOf(type) == ActivityCategory.Reuse;

    /// <summary>The lower-case name used in files, the command line, the API and exports ("answered").</summary>
    public static string Code(this ActivityType type) => type.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out ActivityType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(code) || !char.IsLetter(code.Trim()[0]))
            return false;
        return Enum.TryParse(code.Trim(), ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    public static IReadOnlyList<ActivityType> All { get; } = Enum.GetValues<ActivityType>();

    /// <summary>What an activity of the type is, in product terms (the Definitions page, docs/metrics.md).</summary>
    public static string Definition(this ActivityType type) => type switch
    {
        ActivityType.Authored => "created a page, document, article or change (a pull request)",
        ActivityType.Edited => "improved an existing page, document or post",
        ActivityType.Asked => "asked a question (a Q&A question, an issue)",
        ActivityType.Answered => "answered someone else's question",
        ActivityType.Commented => "commented on an item, a code review comment included",
        ActivityType.Posted => "posted a chat message",
        ActivityType.Presented => "presented a session, talk or debrief",
        ActivityType.Mentored => "mentored someone (its quantity is hours)",
        ActivityType.Reviewed => "reviewed someone else's change and gave a verdict: approved it or requested changes; the reviewer is credited, "
            + "because checking and improving a colleague's work is knowledge shared",
        ActivityType.Completed => "completed or passed a course or learning item (its quantity is hours when the source says)",
        ActivityType.Attended => "attended a session, debrief or community meeting, or took part in a learning item",
        ActivityType.Viewed => "viewed an item (reuse, credited to its author)",
        ActivityType.Linked => "linked to or cited an item (reuse)",
        ActivityType.Accepted => "accepted an answer (reuse)",
        ActivityType.Upvoted => "up-voted or liked an item (reuse)",
        ActivityType.Reacted => "reacted to a message (reuse)",
        ActivityType.Duplicate => "closed a question as a duplicate of the item (reuse)",
        _ => type.Code(),
    };
}

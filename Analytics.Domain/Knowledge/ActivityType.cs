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
}

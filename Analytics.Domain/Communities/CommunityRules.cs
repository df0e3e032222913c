namespace Analytics.Domain.Communities;

/// <summary>What a community's name and members may be, checked before anything is stored.</summary>
public static class CommunityRules
{
    public const int MaxNameLength = 100;
    public const int MaxValueLength = 200;

    /// <summary>A suggested community spans at least this many departments (ADR 1711).</summary>
    public const int SuggestionMinimumDepartments = 3;

    /// <summary>The trend and the active share look back this many months, the month shown included.</summary>
    public const int TrendMonths = 12;

    /// <summary>The name trimmed, or why it cannot be one.</summary>
    public static string? NameError(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "A community needs a name."
        : name.Trim().Length > MaxNameLength ? $"A community's name has at most {MaxNameLength} characters."
        : name.Any(char.IsControl) ? "A community's name cannot hold control characters."
        : null;

    /// <summary>
    /// A member value is one channel, space or tag as the items' Topics hold it, so it cannot hold the separator
    /// '|' that joins several of them.
    /// </summary>
    public static string? ValueError(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Give the channel, space or tag."
        : value.Trim().Length > MaxValueLength ? $"A channel, space or tag has at most {MaxValueLength} characters."
        : value.Contains('|', StringComparison.Ordinal) ? "One channel, space or tag at a time: '|' separates several."
        : value.Any(char.IsControl) ? "A channel, space or tag cannot hold control characters."
        : null;

    /// <summary>The values of an item's Topics ("a|b"), as stored by the connectors.</summary>
    public static IEnumerable<string> TopicsOf(string? topics) =>
        string.IsNullOrEmpty(topics) ? [] : topics.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

}

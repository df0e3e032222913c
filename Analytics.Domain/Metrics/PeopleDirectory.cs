namespace Analytics.Domain.Metrics;

/// <summary>What the metrics need to know of a person: bot or not, linked employee, and their org-chart history.</summary>
public sealed record PersonProfile(
    int PersonId,
    string DisplayName,
    bool IsBot,
    int? EmployeeId,
    DateOnly? HireDate,
    DateOnly? LeaveDate,
    bool LeaderboardOptOut,
    IReadOnlyList<OrgSpan> Assignments)
{
    public bool IsLinked => EmployeeId is not null;

    /// <summary>Counted in group figures: a human linked to an employee.</summary>
    public bool CountsInGroups => !IsBot && IsLinked;

    public bool IsEmployedOn(DateOnly day) =>
        HireDate is { } hired && day >= hired && (LeaveDate is null || day <= LeaveDate);

    /// <summary>The department in force on <paramref name="day"/>; none when unlinked, a bot or not employed that day.</summary>
    public int? DepartmentOn(DateOnly day)
    {
        if (!CountsInGroups || !IsEmployedOn(day))
            return null;
        foreach (var span in Assignments)
        {
            if (day >= span.ValidFrom && (span.ValidTo is null || day < span.ValidTo))
                return span.DepartmentId;
        }

        return null;
    }

    /// <summary>The department at the end of a period: on its last day, or on the last day employed within it.</summary>
    public int? DepartmentAtEndOf(DateOnly from, DateOnly to)
    {
        var last = LeaveDate is { } left && left < to ? left : to;
        return last < from ? null : DepartmentOn(last);
    }

    /// <summary>Shown on a leaderboard of the period ending <paramref name="periodEnd"/>.</summary>
    public bool IsRankable(DateOnly periodEnd) =>
        CountsInGroups && !LeaderboardOptOut && (LeaveDate is null || LeaveDate >= periodEnd);
}

/// <summary>An org assignment: a department from a day up to, not including, another.</summary>
public sealed record OrgSpan(int DepartmentId, DateOnly ValidFrom, DateOnly? ValidTo);

/// <summary>People by id; unknown ids are treated as unlinked humans so that nothing is silently dropped.</summary>
public sealed class PeopleDirectory(IReadOnlyDictionary<int, PersonProfile> people)
{
    public static PeopleDirectory Empty { get; } = new(new Dictionary<int, PersonProfile>());

    public IEnumerable<PersonProfile> All => people.Values;

    public PersonProfile? Find(int personId) => people.GetValueOrDefault(personId);

    public int? DepartmentOn(int? personId, DateOnly day) =>
        personId is { } id && people.TryGetValue(id, out var profile) ? profile.DepartmentOn(day) : null;

    public bool IsBot(int? personId) => personId is { } id && people.TryGetValue(id, out var p) && p.IsBot;

    public static PeopleDirectory From(IEnumerable<PersonProfile> profiles) => new(profiles.ToDictionary(p => p.PersonId));
}

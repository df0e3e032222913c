using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

/// <summary>One person found; <see cref="Kind"/> in words (<see cref="PersonKinds"/>), <see cref="Department"/> the current one's name (the last one for a leaver).</summary>
public sealed record PersonHit(int PersonId, string Name, bool IsLinkedEmployee, string Kind, string? Department);

/// <summary>The kinds of person a search can find, as shown to users.</summary>
public static class PersonKinds
{
    public const string Employee = "employee";
    public const string FormerEmployee = "former employee";
    public const string Bot = "bot";
    public const string Unlinked = "account not linked to an employee";
}

/// <summary>Search by name among the people the viewer may see: HR everyone, a manager their line and themselves, others themselves.</summary>
public sealed class PeopleSearch(AnalyticsDbContext db, CurrentViewer viewer, TimeProvider clock)
{
    /// <summary>The API and the Excel export stop here; the page pages through every match.</summary>
    public const int MaxHits = 50;

    public async Task<IReadOnlyList<PersonHit>> RunAsync(string? text, CancellationToken ct) =>
        (await AllAsync(text, ct)).Take(MaxHits).ToList();

    /// <summary>Every match, by name.</summary>
    public async Task<IReadOnlyList<PersonHit>> AllAsync(string? text, CancellationToken ct)
    {
        var persons = db.Persons.AsNoTracking();
        if (!viewer.IsHR)
        {
            var visible = new HashSet<int>(await viewer.LineAsync(ct));
            if (viewer.EmployeeId is { } me)
                visible.Add(me);
            persons = persons.Where(p => !p.IsBot && p.EmployeeId != null && visible.Contains(p.EmployeeId.Value));
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var all = await persons
            .Select(p => new
            {
                p.Id,
                Name = p.Employee == null ? p.DisplayName : p.Employee.DisplayName,
                p.EmployeeId,
                p.IsBot,
                Left = p.Employee != null && p.Employee.LeaveDate != null && p.Employee.LeaveDate < today,
            })
            .ToListAsync(ct);
        var term = text?.Trim();
        var matches = all.Where(p => string.IsNullOrEmpty(term) || p.Name.Contains(term, StringComparison.OrdinalIgnoreCase)).ToList();

        // The department in force today, or the last one a leaver had.
        var employees = matches.Where(p => p.EmployeeId != null).Select(p => p.EmployeeId!.Value).ToHashSet();
        var assignments = await db.OrgAssignments.AsNoTracking()
            .Where(a => a.ValidFrom <= today && employees.Contains(a.EmployeeId))
            .Select(a => new { a.EmployeeId, a.ValidFrom, a.Id, Department = a.Department!.Name })
            .ToListAsync(ct);
        var departments = assignments.GroupBy(a => a.EmployeeId)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.ValidFrom).ThenBy(a => a.Id).Last().Department);

        return matches
            .Select(p => new PersonHit(p.Id, p.Name, p.EmployeeId != null && !p.IsBot, Kind(p.IsBot, p.EmployeeId, p.Left),
                p.EmployeeId is { } e ? departments.GetValueOrDefault(e) : null))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PersonId)
            .ToList();
    }

    private static string Kind(bool isBot, int? employeeId, bool left) =>
        isBot ? PersonKinds.Bot
        : employeeId is null ? PersonKinds.Unlinked
        : left ? PersonKinds.FormerEmployee
        : PersonKinds.Employee;
}

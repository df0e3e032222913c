using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

public sealed record PersonHit(int PersonId, string Name, bool IsLinkedEmployee);

/// <summary>Search by name among the people the viewer may see: HR everyone, a manager their line and themselves, others themselves.</summary>
public sealed class PeopleSearch(AnalyticsDbContext db, CurrentViewer viewer)
{
    public const int MaxHits = 50;

    public async Task<IReadOnlyList<PersonHit>> RunAsync(string? text, CancellationToken ct)
    {
        var persons = db.Persons.AsNoTracking();
        if (!viewer.IsHR)
        {
            var visible = new HashSet<int>(await viewer.LineAsync(ct));
            if (viewer.EmployeeId is { } me)
                visible.Add(me);
            persons = persons.Where(p => !p.IsBot && p.EmployeeId != null && visible.Contains(p.EmployeeId.Value));
        }

        var all = await persons
            .Select(p => new PersonHit(p.Id, p.Employee == null ? p.DisplayName : p.Employee.DisplayName, p.EmployeeId != null && !p.IsBot))
            .ToListAsync(ct);
        var term = text?.Trim();
        return all
            .Where(p => string.IsNullOrEmpty(term) || p.Name.Contains(term, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PersonId)
            .Take(MaxHits)
            .ToList();
    }
}

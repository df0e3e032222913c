using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Aggregation;

/// <summary>Loads every person with their employee and org history: O(people), never O(history).</summary>
public static class PeopleDirectoryLoader
{
    public static async Task<PeopleDirectory> LoadAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var persons = await db.Persons.AsNoTracking()
            .Select(p => new { p.Id, p.DisplayName, p.IsBot, p.EmployeeId })
            .ToListAsync(ct);
        var employees = await db.Employees.AsNoTracking().Include(e => e.Assignments).AsSplitQuery()
            .ToDictionaryAsync(e => e.Id, ct);
        return PeopleDirectory.From(persons.Select(p => PeopleDirectory.ProfileOf(
            p.Id, p.DisplayName, p.IsBot, p.EmployeeId is { } e ? employees.GetValueOrDefault(e) : null)));
    }
}

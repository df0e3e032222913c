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

    /// <summary>The directory of one person only: what a profile needs, without reading everyone.</summary>
    public static async Task<PeopleDirectory> LoadOneAsync(AnalyticsDbContext db, int personId, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Id, p.DisplayName, p.IsBot, p.EmployeeId })
            .SingleOrDefaultAsync(ct);
        if (person is null)
            return PeopleDirectory.Empty;
        var employee = person.EmployeeId is { } e
            ? await db.Employees.AsNoTracking().Include(x => x.Assignments).SingleOrDefaultAsync(x => x.Id == e, ct)
            : null;
        return PeopleDirectory.From([PeopleDirectory.ProfileOf(person.Id, person.DisplayName, person.IsBot, employee)]);
    }
}

using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Aggregation;

/// <summary>Loads every person with their employee and org history: O(people), never O(history).</summary>
public static class PeopleDirectoryLoader
{
    /// <remarks>
    /// Three flat reads of the columns a profile needs, joined here: loading the employees with their assignments through
    /// Include and a split query built the query's materializer again on every call (a tenth of the overview's trend on the
    /// 5M benchmark database, ADR 2307).
    /// </remarks>
    public static async Task<PeopleDirectory> LoadAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var persons = await db.Persons.AsNoTracking()
            .Select(p => new { p.Id, p.DisplayName, p.IsBot, p.EmployeeId })
            .ToListAsync(ct);
        var employees = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.DisplayName, e.HireDate, e.LeaveDate, e.LeaderboardOptOut })
            .ToDictionaryAsync(e => e.Id, ct);
        var spans = (await db.OrgAssignments.AsNoTracking()
                .OrderBy(a => a.EmployeeId).ThenBy(a => a.ValidFrom).ThenBy(a => a.Id)
                .Select(a => new { a.EmployeeId, a.DepartmentId, a.ValidFrom, a.ValidTo })
                .ToListAsync(ct))
            .ToLookup(a => a.EmployeeId, a => new OrgSpan(a.DepartmentId, a.ValidFrom, a.ValidTo));
        return PeopleDirectory.From(persons.Select(p => p.EmployeeId is { } id && employees.TryGetValue(id, out var e)
            ? new PersonProfile(p.Id, e.DisplayName, p.IsBot, e.Id, e.HireDate, e.LeaveDate, e.LeaderboardOptOut, [.. spans[e.Id]])
            : new PersonProfile(p.Id, p.DisplayName, p.IsBot, null, null, null, false, [])));
    }

    /// <summary>The directory of one person only: what a profile needs, without reading everyone.</summary>
    public static async Task<PeopleDirectory> LoadOneAsync(AnalyticsDbContext db, int personId, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Id, p.DisplayName, p.IsBot, p.EmployeeId })
            .SingleOrDefaultAsync(ct);
        if (person is null)
            return PeopleDirectory.Empty;
        var employee = person.EmployeeId is { } id
            ? await db.Employees.AsNoTracking().Where(e => e.Id == id)
                .Select(e => new { e.Id, e.DisplayName, e.HireDate, e.LeaveDate, e.LeaderboardOptOut })
                .SingleOrDefaultAsync(ct)
            : null;
        if (employee is null)
            return PeopleDirectory.From([new PersonProfile(person.Id, person.DisplayName, person.IsBot, null, null, null, false, [])]);
        var spans = await db.OrgAssignments.AsNoTracking().Where(a => a.EmployeeId == employee.Id)
            .OrderBy(a => a.ValidFrom).ThenBy(a => a.Id)
            .Select(a => new OrgSpan(a.DepartmentId, a.ValidFrom, a.ValidTo))
            .ToListAsync(ct);
        return PeopleDirectory.From([new PersonProfile(person.Id, employee.DisplayName, person.IsBot, employee.Id, employee.HireDate,
            employee.LeaveDate, employee.LeaderboardOptOut, spans)]);
    }
}

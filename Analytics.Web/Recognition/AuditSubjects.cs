using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Recognition;

/// <summary>An audit entry's subject as a reader wants it: a person's name and profile link instead of "Person:254".</summary>
public sealed record AuditSubject(string Raw, string Text, int? ProfileId);

/// <summary>
/// Names the people an audit log refers to. Entries store ids ("Person:254" for a person, "Employee:42" for an
/// employee's budget or award), which stay the record; the page shows the name and links the profile (the
/// person id /People/{id} uses: an employee's lowest non-bot person, as <c>PersonAccess.MyPersonIdAsync</c>).
/// Only HR reads the audit log, and HR may see everyone, so naming them reveals nothing.
/// </summary>
public sealed class AuditSubjects(AnalyticsDbContext db)
{
    public async Task<IReadOnlyDictionary<string, AuditSubject>> NameAsync(IEnumerable<AuditEntry> entries, CancellationToken ct)
    {
        var subjects = entries.Select(e => e.Subject).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var personIds = Ids(subjects, "Person:");
        var employeeIds = Ids(subjects, "Employee:");
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.Employee == null ? p.DisplayName : p.Employee.DisplayName })
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var employees = await db.Employees.AsNoTracking().Where(e => employeeIds.Contains(e.Id))
            .Select(e => new
            {
                e.Id,
                e.DisplayName,
                PersonId = db.Persons.Where(p => p.EmployeeId == e.Id && !p.IsBot).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefault(),
            })
            .ToDictionaryAsync(e => e.Id, ct);

        var named = new Dictionary<string, AuditSubject>(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            if (TryId(subject, "Person:", out var personId) && persons.TryGetValue(personId, out var name))
                named[subject] = new AuditSubject(subject, name, personId);
            else if (TryId(subject, "Employee:", out var employeeId) && employees.TryGetValue(employeeId, out var employee))
                named[subject] = new AuditSubject(subject, employee.DisplayName, employee.PersonId);
        }

        return named;
    }

    private static List<int> Ids(IEnumerable<string> subjects, string prefix) =>
        subjects.Select(s => TryId(s, prefix, out var id) ? id : (int?)null).OfType<int>().ToList();

    private static bool TryId(string subject, string prefix, out int id)
    {
        id = 0;
        return subject.StartsWith(prefix, StringComparison.Ordinal)
               && int.TryParse(subject.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}

using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Analytics.Web.Caching;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

/// <summary>A person as the access rules need them: linked employee, bot flag and the name to show.</summary>
public sealed record PersonCard(int PersonId, string Name, int? EmployeeId, bool IsBot)
{
    /// <summary>Bots and people not linked to an employee have no reporting line: only HR sees them.</summary>
    public bool IsLinkedEmployee => EmployeeId is not null && !IsBot;
}

/// <summary>
/// Who may see one person's individual figures: the person, managers whose line includes them, HR.
/// Everyone else is told "denied" whether or not the id exists, so ids cannot be probed.
/// </summary>
public sealed class PersonAccess(AnalyticsDbContext db, CurrentViewer viewer, IDataVersion version, TimeProvider clock)
{
    public async Task<PersonCard?> FindVisibleAsync(int personId, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new PersonCard(p.Id, p.Employee == null ? p.DisplayName : p.Employee.DisplayName, p.EmployeeId, p.IsBot))
            .FirstOrDefaultAsync(ct);
        if (person is null)
            return null;
        return await CanSeeAsync(person, ct) ? person : null;
    }

    /// <summary>
    /// Which of these people the viewer may see (ADR 1621): for links from lists of many people (the leaderboard, ADR 2113),
    /// so a row links to a profile only where the profile would open. One query for the whole list.
    /// </summary>
    public async Task<IReadOnlySet<int>> VisibleAmongAsync(IReadOnlyCollection<int> personIds, CancellationToken ct)
    {
        var cards = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new PersonCard(p.Id, p.DisplayName, p.EmployeeId, p.IsBot))
            .ToListAsync(ct);
        var visible = new HashSet<int>();
        foreach (var card in cards)
        {
            if (await CanSeeAsync(card, ct))
                visible.Add(card.PersonId);
        }

        return visible;
    }

    public async Task<bool> CanSeeAsync(PersonCard person, CancellationToken ct) =>
        person.IsLinkedEmployee ? await viewer.CanSeeEmployeeAsync(person.EmployeeId!.Value, ct) : viewer.IsHR;

    /// <summary>The viewer's own person: the lowest person id linked to their employee.</summary>
    public async Task<int?> MyPersonIdAsync(CancellationToken ct) =>
        viewer.EmployeeId is { } me
            ? await db.Persons.AsNoTracking().Where(p => p.EmployeeId == me && !p.IsBot).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
            : null;

    /// <summary>The card is the viewer's own: a person linked to the viewer's employee record (any of their persons).</summary>
    public bool IsMine(PersonCard person) => person.EmployeeId is { } employee && employee == viewer.EmployeeId;

    /// <summary>
    /// Viewing someone else's individual figures is audited (product.md, privacy), before the figures are read.
    /// The entry changes no figure, so it is written without making the cached dashboard figures stale.
    /// </summary>
    public async Task AuditViewAsync(PersonCard person, string where, CancellationToken ct)
    {
        if (IsMine(person))
            return;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = viewer.Name,
            Action = "profile.viewed",
            Subject = FormattableString.Invariant($"Person:{person.PersonId}"),
            Details = where,
        };
        await version.AppendAuditAsync(db, entry, ct);
    }
}

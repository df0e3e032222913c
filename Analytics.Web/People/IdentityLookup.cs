using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

/// <summary>A source account as HR picks it on the Identities page.</summary>
public sealed record LookupAccount(int AccountId, string Source, string Shown, bool IsBot);

/// <summary>A person with the employee it is linked to (if any) and its accounts.</summary>
public sealed record LookupPerson(int PersonId, string Name, string? EmployeeEmail, bool IsBot, IReadOnlyList<LookupAccount> Accounts);

/// <summary>
/// HR's lookup for merge and split (issue 21, ADR 2115): people and accounts by a part of a name, e-mail, username or
/// account id, server-side, so HR never has to know raw ids. Matching ignores case (LIKE on both providers).
/// </summary>
public sealed class IdentityLookup(AnalyticsDbContext db)
{
    public const int MaxPeople = 50;
    public const int MaxQueryLength = 100;

    public async Task<IReadOnlyList<LookupPerson>> FindAsync(string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Escape LIKE's wildcards: "a_b" means the characters, not "a, any, b".
        var pattern = "%" + text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var byAccount = db.SourceAccounts.Where(a => EF.Functions.Like(a.ExternalId, pattern, "\\") || (a.DisplayName != null && EF.Functions.Like(a.DisplayName, pattern, "\\"))
                || (a.Email != null && EF.Functions.Like(a.Email, pattern, "\\")) || (a.Username != null && EF.Functions.Like(a.Username, pattern, "\\")))
            .Select(a => a.PersonId);
        var ids = await db.Persons.AsNoTracking()
            .Where(p => EF.Functions.Like(p.DisplayName, pattern, "\\")
                        || (p.Employee != null && (EF.Functions.Like(p.Employee.DisplayName, pattern, "\\") || EF.Functions.Like(p.Employee.Email, pattern, "\\")))
                        || byAccount.Contains(p.Id))
            .OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Select(p => p.Id).Take(MaxPeople).ToListAsync(ct);
        var people = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = p.Employee == null ? p.DisplayName : p.Employee.DisplayName, Email = p.Employee == null ? null : p.Employee.Email, p.IsBot })
            .ToListAsync(ct);
        var accounts = (await db.SourceAccounts.AsNoTracking().Where(a => ids.Contains(a.PersonId))
                .Select(a => new { a.Id, a.PersonId, Source = a.SourceSystem!.Name, a.Username, a.Email, a.DisplayName, a.ExternalId, a.IsBot })
                .ToListAsync(ct))
            .ToLookup(a => a.PersonId, a => new LookupAccount(a.Id, a.Source, a.Username ?? a.Email ?? a.DisplayName ?? a.ExternalId, a.IsBot));
        return people.Select(p => new LookupPerson(p.Id, p.Name, p.Email, p.IsBot, [.. accounts[p.Id].OrderBy(a => a.AccountId)]))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PersonId).ToList();
    }
}

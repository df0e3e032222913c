using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Identity;

/// <summary>A person's display name follows the most recent activity of its accounts (ADR 2203).</summary>
public static class IdentityNames
{
    /// <summary>
    /// Gives the person the name of its account whose name was seen latest (accounts never dated keep the lowest
    /// rank, then the newest account wins). Returns whether the name changed. A linked person shows the employee's
    /// name anyway; its own name is kept in step for the day it is split off.
    /// </summary>
    public static async Task<bool> FollowLatestAccountAsync(AnalyticsDbContext db, int personId, CancellationToken ct)
    {
        var accounts = await db.SourceAccounts.AsNoTracking().Where(a => a.PersonId == personId && a.DisplayName != null)
            .Select(a => new { a.Id, a.DisplayName, a.DisplayNameSeenAt }).ToListAsync(ct);
        var latest = accounts.OrderByDescending(a => a.DisplayNameSeenAt ?? DateTime.MinValue).ThenByDescending(a => a.Id).FirstOrDefault();
        if (latest is null)
            return false;
        var name = latest.DisplayName!.Length <= 200 ? latest.DisplayName : latest.DisplayName[..200];
        return await db.Persons.Where(p => p.Id == personId && p.DisplayName != name)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.DisplayName, name), ct) > 0;
    }
}

using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Identity;

/// <summary>Looks employees up by primary e-mail or alias: the automatic half of identity resolution.</summary>
public static class EmployeeDirectory
{
    /// <summary>Maps each lower-case e-mail that belongs to an employee (primary or alias) to that employee's id.</summary>
    public static async Task<Dictionary<string, int>> FindByEmailAsync(AnalyticsDbContext db, IEnumerable<string> emails, CancellationToken ct)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in emails.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var hit in await db.EmployeeAliases.Where(a => chunk.Contains(a.Email)).Select(a => new { a.Email, a.EmployeeId }).ToListAsync(ct))
                result[hit.Email] = hit.EmployeeId;
            // The primary address wins over an alias that (wrongly) names the same address.
            foreach (var hit in await db.Employees.Where(e => chunk.Contains(e.Email)).Select(e => new { e.Email, e.Id }).ToListAsync(ct))
                result[hit.Email] = hit.Id;
        }

        return result;
    }
}

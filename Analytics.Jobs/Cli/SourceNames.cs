using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Cli;

/// <summary>The sentence that follows "There is no source named 'x'.": the names that exist, so a typo is seen at once.</summary>
public static class SourceNames
{
    public static async Task<string> ListAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var sources = await db.SourceSystems.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Name, s.Kind }).ToListAsync(ct);
        return sources.Count == 0
            ? "No source exists yet: `analytics import KIND PATH --source NAME` creates one."
            : $"Existing sources: {string.Join(", ", sources.Select(s => $"{s.Name} ({s.Kind})"))}.";
    }
}

using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>
/// What a finished run's counts alone do not say (issue 22), read from the stored run so that the command line's summary
/// and the run's page under /Sources say the same: a run that read nothing of an export imported before, a run whose
/// every record was skipped, activity stored on bot accounts and therefore not counted.
/// </summary>
public static class RunNotes
{
    /// <summary>Bots: the bot accounts with their activity counts, largest first (named by the CLI only: pages name no account).</summary>
    public sealed record Notes(string? NothingRead, int BotActivities, IReadOnlyList<(string Account, int Count)> Bots);

    public static async Task<Notes?> ExplainAsync(AnalyticsDbContext db, long runId, CancellationToken ct)
    {
        var run = await db.SyncRuns.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new { r.SourceSystemId, Source = r.SourceSystem!.Name, r.Status, r.Read, r.Skipped }).SingleOrDefaultAsync(ct);
        if (run is null || run.Status != SyncRunStatus.Succeeded)
            return null;
        if (run.Read == 0 && run.Skipped > 0)
            return new Notes("Nothing imported: every record read is of a kind this connector skips (listed above).", 0, []);
        if (run.Read == 0)
        {
            var earlier = await db.SyncRuns.AsNoTracking().CountAsync(r => r.SourceSystemId == run.SourceSystemId && r.Id != runId, ct);
            return new Notes(earlier > 0
                ? $"Nothing new: this export is already imported into source '{run.Source}' (its stored cursor is at the end). To read it all again, add --from-start; stored records then count as duplicates."
                : "Nothing read: the export holds no records this connector imports.", 0, []);
        }

        var bots = await db.Activities.AsNoTracking()
            .Where(a => a.SyncRunId == runId && a.ActorAccount != null && (a.ActorAccount.IsBot || a.ActorAccount.Person!.IsBot))
            .GroupBy(a => a.ActorAccount!.ExternalId).Select(g => new { Account = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ToListAsync(ct);
        return new Notes(null, bots.Sum(b => b.Count), bots.ConvertAll(b => (b.Account, b.Count)));
    }

    /// <summary>The bot line as the command line prints it, with up to five account names.</summary>
    public static string? BotLine(Notes notes) => notes.Bots.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture,
        $"Stored but not counted: {notes.BotActivities} activities of {notes.Bots.Count} bot accounts ({string.Join(", ", notes.Bots.Take(5).Select(b => $"{b.Account} {b.Count}"))}{(notes.Bots.Count > 5 ? ", ..." : "")}); metrics, points and leaderboards exclude bots.");
}

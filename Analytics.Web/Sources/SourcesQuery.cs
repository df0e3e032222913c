using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion.Runner;
using Analytics.Jobs.Ingestion.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Sources;

/// <summary>A run as the admin sees it. The trigger is reduced to its kind: "web:someone@example.com" names a person.</summary>
public sealed record RunRow(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, SyncRunStatus Status, string? TriggerKind,
    long Read, long Inserted, long Duplicates, long Rejected, string? Error)
{
    /// <summary>Records read and deliberately not imported (redirects, system messages, merge commits...), not in Read.</summary>
    public long Skipped { get; init; }
    public long Removed { get; init; }
    public int PagesRead { get; init; }
    public int Retries { get; init; }
    public int RateLimitWaits { get; init; }
    public int RateLimitWaitSeconds { get; init; }

    /// <summary>How a live source's run fetched, in words ("3 pages read, 1 retry, 1 rate-limit wait (7 s)"); null for exports.</summary>
    public string? FetchText
    {
        get
        {
            if (PagesRead == 0 && Retries == 0 && RateLimitWaits == 0 && Removed == 0)
                return null;
            var parts = new List<string> { Count(PagesRead, "page read", "pages read") };
            if (Retries > 0)
                parts.Add(Count(Retries, "retry", "retries"));
            parts.Add(RateLimitWaits == 0
                ? "no rate-limit wait"
                : Count(RateLimitWaits, "rate-limit wait", "rate-limit waits") + string.Create(CultureInfo.InvariantCulture, $" ({RateLimitWaitSeconds:N0} s)"));
            if (Removed > 0)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Removed:N0} removed (retracted by the source)"));
            return string.Join(", ", parts);
        }
    }

    private static string Count(long n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many)}");
}

public sealed record SourceRow(int Id, string Name, string Kind, string? Location, string? Schedule, bool Enabled,
    DateTimeOffset? CursorUpdatedAt, int RunCount, IReadOnlyList<RunRow> LastRuns)
{
    /// <summary>The next run of the recurring sync job, when Hangfire has one for this source.</summary>
    public DateTime? NextRunUtc { get; init; }

    /// <summary>The connector's watermark: for a live source the time it has read up to (never a credential).</summary>
    public string? Cursor { get; init; }

    /// <summary>A connector of this kind is registered, so "Sync now" can work.</summary>
    public bool HasConnector { get; init; }
}

public sealed record RunsPage(SourceRow Source, IReadOnlyList<RunRow> Runs, Paging Paging);

public sealed record RejectionRow(long Id, string Location, string Reason);

public sealed record RejectionsPage(string SourceName, int SourceId, RunRow Run, IReadOnlyList<RejectionRow> Rejections, Paging Paging)
{
    /// <summary>The run's skipped records by reason, the largest first.</summary>
    public IReadOnlyList<SkipRow> Skips { get; init; } = [];

    /// <summary>What the counts do not say, as the command line's summary says it (<see cref="RunNotes"/>), without account names.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

public sealed record SkipRow(string Reason, long Count);

public sealed record Paging(int Number, int Size, int Total)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < Pages;
    public int Skip => (Number - 1) * Size;
}

/// <summary>
/// "Is the data flowing?": every source with its sync state and recent runs, and one run's rejections a page
/// at a time (a run may hold 100k of them, so they are never loaded whole).
/// </summary>
public sealed class SourcesQuery(AnalyticsDbContext db, SourceSync sync, JobStorage storage)
{
    public const int RunsPerSourceOnList = 3;
    public const int RunsPageSize = 20;
    public const int RejectionsPageSize = 50;

    public async Task<IReadOnlyList<SourceRow>> ListAsync(CancellationToken ct)
    {
        var sources = await db.SourceSystems.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        var counts = await db.SyncRuns.AsNoTracking().GroupBy(r => r.SourceSystemId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var next = NextRuns(sources.Select(s => s.Name));
        var rows = new List<SourceRow>(sources.Count);
        foreach (var source in sources)
        {
            var runs = await RunsAsync(source.Id, 0, RunsPerSourceOnList, ct);
            rows.Add(ToRow(source, counts.GetValueOrDefault(source.Id), runs, next));
        }

        return rows;
    }

    /// <summary>One source and a page of its runs, newest first; null for an unknown id.</summary>
    public async Task<RunsPage?> SourceAsync(int id, int pageNumber, CancellationToken ct)
    {
        var source = await db.SourceSystems.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (source is null)
            return null;
        var total = await db.SyncRuns.CountAsync(r => r.SourceSystemId == id, ct);
        var paging = new Paging(pageNumber, RunsPageSize, total);
        var runs = await RunsAsync(id, paging.Skip, paging.Size, ct);
        return new RunsPage(ToRow(source, total, runs.Take(RunsPerSourceOnList).ToList(), NextRuns([source.Name])), runs, paging);
    }

    /// <summary>One run and a page of its rejections in the order they were recorded; null for an unknown id.</summary>
    public async Task<RejectionsPage?> RunAsync(long runId, int pageNumber, CancellationToken ct)
    {
        var run = await db.SyncRuns.AsNoTracking().Include(r => r.SourceSystem).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
            return null;
        var total = await db.Rejections.CountAsync(j => j.SyncRunId == runId, ct);
        var paging = new Paging(pageNumber, RejectionsPageSize, total);
        // The excerpt is left out on purpose: it is raw source data and may name people.
        var rejections = await db.Rejections.AsNoTracking().Where(j => j.SyncRunId == runId).OrderBy(j => j.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(j => new RejectionRow(j.Id, j.Location, j.Reason))
            .ToListAsync(ct);
        var skips = (await db.SyncRunSkips.AsNoTracking().Where(k => k.SyncRunId == runId).Select(k => new SkipRow(k.Reason, k.Count)).ToListAsync(ct))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Reason, StringComparer.Ordinal).ToList();
        var notes = await RunNotes.ExplainAsync(db, runId, ct);
        List<string> said = [];
        if (notes?.NothingRead is { } nothing)
            said.Add(nothing);
        if (notes is { BotActivities: > 0 })
            said.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Stored but not counted: {notes.BotActivities} activities of {notes.Bots.Count} bot accounts; metrics, points and leaderboards exclude bots."));
        return new RejectionsPage(run.SourceSystem!.Name, run.SourceSystemId, ToRun(run), rejections, paging) { Skips = skips, Notes = said };
    }

    private async Task<List<RunRow>> RunsAsync(int sourceId, int skip, int take, CancellationToken ct) =>
        (await db.SyncRuns.AsNoTracking().Where(r => r.SourceSystemId == sourceId)
            .OrderByDescending(r => r.Id).Skip(skip).Take(take)
            .ToListAsync(ct)).ConvertAll(ToRun);

    private static RunRow ToRun(SyncRun r) =>
        new(r.Id, r.StartedAt, r.FinishedAt, r.Status, TriggerKind(r.Trigger), r.Read, r.Inserted, r.Duplicates, r.Rejected, r.Error)
        {
            Skipped = r.Skipped,
            Removed = r.Removed,
            PagesRead = r.PagesRead,
            Retries = r.Retries,
            RateLimitWaits = r.RateLimitWaits,
            RateLimitWaitSeconds = r.RateLimitWaitSeconds,
        };

    /// <summary>"web:someone@example.com" → "web": the page must not name people.</summary>
    public static string? TriggerKind(string? trigger) =>
        trigger is null ? null : trigger.Split(':', 2)[0];

    private SourceRow ToRow(SourceSystem s, int runCount, IReadOnlyList<RunRow> runs, IReadOnlyDictionary<string, DateTime?> next) =>
        new(s.Id, s.Name, s.Kind, s.Location, s.Schedule, s.Enabled, s.CursorUpdatedAt, runCount, runs)
        {
            NextRunUtc = next.GetValueOrDefault(SyncSchedule.SyncId(s.Name)),
            Cursor = s.Cursor,
            HasConnector = sync.Kinds.Contains(s.Kind),
        };

    private Dictionary<string, DateTime?> NextRuns(IEnumerable<string> sourceNames)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([.. sourceNames.Select(SyncSchedule.SyncId)])
            .Where(j => !j.Removed)
            .ToDictionary(j => j.Id, j => j.NextExecution);
    }
}

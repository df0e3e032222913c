using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Persistence;
using Analytics.Domain.Sources;
using Analytics.Jobs.Coordination;
using Analytics.Jobs.Ingestion.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Ingestion.Runner;

/// <summary>What started a run and whether to ignore the stored cursor.</summary>
// Force: import even when another source of the same kind already reads this location (ADR 2205).
public sealed record IngestionRequest(string Trigger, bool FromStart = false, bool Force = false);

/// <summary>Counters after each committed batch, for a progress display.</summary>
public sealed record IngestionProgress(long Read, long Inserted, long Duplicates, long Rejected);

public sealed record IngestionResult(long SyncRunId, SyncRunStatus Status, long Read, long Inserted, long Duplicates, long Rejected, string? Error)
{
    /// <summary>Records read and deliberately not imported, not in <see cref="Read"/> (<see cref="SkippedRecord"/>).</summary>
    public long Skipped => SkippedByReason.Sum(s => s.Count);

    /// <summary>The skipped records by reason, the largest first.</summary>
    public IReadOnlyList<(string Reason, long Count)> SkippedByReason { get; init; } = [];
}

/// <summary>
/// Runs a connector into the analytics database in batches. Each batch commits, in one transaction,
/// its accounts, items, activities (through the provider's bulk writer), rejections, dirty days, the
/// run's counters and the source's cursor; so a run killed at any point leaves a state from which the
/// next run continues, and re-reading a committed record only counts a duplicate.
/// </summary>
public sealed class IngestionRunner(
    AnalyticsDbContext db,
    IActivityBulkWriter writer,
    IdentityResolver identities,
    Scheduling.SourceLock sourceLock,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<IngestionRunner> logger)
{
    private const int ExcerptLength = 500;
    private const int SkipReasonLength = 200;

    public async Task<IngestionResult> RunAsync(
        int sourceSystemId, ISourceConnector connector, IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        // Every run into a source holds its lock, whoever started it: the running runs it marks as interrupted
        // below can then only be runs of processes that died.
        await using var held = await sourceLock.AcquireAsync(sourceSystemId, ct);
        return await RunLockedAsync(held, sourceSystemId, connector, request, progress, ct);
    }

    private async Task<IngestionResult> RunLockedAsync(
        DatabaseLock.HeldLock held, int sourceSystemId, ISourceConnector connector, IngestionRequest request, IProgress<IngestionProgress>? progress, CancellationToken ct)
    {
        var source = await db.SourceSystems.AsNoTracking().SingleAsync(s => s.Id == sourceSystemId, ct);
        await AbandonInterruptedRunsAsync(source.Id, ct);

        var run = new SyncRun { SourceSystemId = source.Id, StartedAt = clock.GetUtcNow(), Status = SyncRunStatus.Running, Trigger = request.Trigger };
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var totals = new IngestionProgress(0, 0, 0, 0);
        var skipped = new Dictionary<string, long>(StringComparer.Ordinal);
        var references = new SourceReferences(db, writer, source.Id, run.StartedAt);

        // One connection for the whole run, so that the writer's connection settings hold for every batch.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await writer.PrepareConnectionAsync(db, ct);
            var cursor = request.FromStart ? SourceCursor.Start : new SourceCursor(source.Cursor);
            var batch = new List<SourceRecord>(options.Value.BatchSize);
            await foreach (var record in PrefetchAsync(connector, cursor, ct))
            {
                batch.Add(record);
                if (batch.Count < options.Value.BatchSize)
                    continue;
                totals = await CommitBatchAsync(held, source.Id, run.Id, references, batch, totals, skipped, ct);
                await RecordFetchStatsAsync(run.Id, connector, ct);
                progress?.Report(totals);
                batch.Clear();
            }

            if (batch.Count > 0)
            {
                totals = await CommitBatchAsync(held, source.Id, run.Id, references, batch, totals, skipped, ct);
                progress?.Report(totals);
            }

            await RecordFetchStatsAsync(run.Id, connector, ct);

            // Name and username suggestions for the people this run met; e-mail links were made on creation.
            await identities.SuggestForAsync(references.CreatedPersonIds, ct);
            // Persons that look like one human (same name or e-mail local part): suggested for merging, never merged.
            if (references.CreatedPersonIds.Count > 0 || references.RenamedPersonIds.Count > 0)
                await identities.SuggestMatchesAsync(ct);
            await FinishAsync(run.Id, SyncRunStatus.Succeeded, null, CancellationToken.None);
            return new IngestionResult(run.Id, SyncRunStatus.Succeeded, totals.Read, totals.Inserted, totals.Duplicates, totals.Rejected, null)
            {
                SkippedByReason = skipped.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value)).ToList(),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            logger.LogWarning("Sync run {RunId} of source {Source} was cancelled after {Read} records", run.Id, source.Name, totals.Read);
            await RecordFetchStatsAsync(run.Id, connector, CancellationToken.None);
            await FinishAsync(run.Id, SyncRunStatus.Cancelled, "Cancelled; the next run continues from the last committed batch.", CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Sync run {RunId} of source {Source} failed", run.Id, source.Name);
            await RecordFetchStatsAsync(run.Id, connector, CancellationToken.None);
            await FinishAsync(run.Id, SyncRunStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<IngestionProgress> CommitBatchAsync(
        DatabaseLock.HeldLock held,
        int sourceId, long runId, SourceReferences references, List<SourceRecord> batch, IngestionProgress totals,
        Dictionary<string, long> skippedInRun, CancellationToken ct)
    {
        var accounts = new List<AccountRef>();
        var items = new List<ItemRef>();
        var latestNames = new Dictionary<string, (string Name, DateTime At)>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            switch (record)
            {
                case AccountRecord a:
                    accounts.Add(a.Account);
                    break;
                case ItemRecord i:
                    items.Add(i.Item);
                    break;
                case ActivityRecord activity:
                    if (activity.Actor is not null)
                        accounts.Add(activity.Actor);
                    if (activity.Actor?.DisplayName is { Length: > 0 } name
                        && (!latestNames.TryGetValue(activity.Actor.ExternalId, out var known) || known.At < activity.OccurredAtUtc))
                        latestNames[activity.Actor.ExternalId] = (name, activity.OccurredAtUtc);
                    if (activity.Item is not null)
                        items.Add(activity.Item);
                    break;
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The source's lock proven in the batch's own transaction (ADR 1508): a run whose lease was lost writes nothing more.
        await held.FenceAsync(db, ct);
        await references.ResolveAsync(accounts, items, ct);
        await references.FollowLatestNamesAsync(latestNames, ct);

        var rows = new List<ActivityRow>(batch.Count);
        var retracted = new List<string>();
        var rejected = 0;
        var skipped = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            switch (record)
            {
                case ActivityRecord a:
                    rows.Add(new ActivityRow(sourceId, a.SourceEventId, a.Type,
                        a.Actor is null ? null : references.AccountId(a.Actor),
                        a.Item is null ? null : references.ItemId(a.Item),
                        a.OccurredAtUtc, a.Quantity, runId));
                    break;
                case RetractionRecord retraction:
                    retracted.Add(retraction.SourceEventId);
                    break;
                case RejectedRecord r:
                    rejected++;
                    db.Rejections.Add(new Rejection
                    {
                        SyncRunId = runId,
                        Location = Truncate(r.Location.ToString(), 1000),
                        Reason = Truncate(r.Reason, 1000),
                        Excerpt = r.Excerpt is null ? null : Truncate(r.Excerpt, ExcerptLength),
                    });
                    break;
                case SkippedRecord k:
                    var reason = Truncate(k.Reason, SkipReasonLength);
                    skipped[reason] = skipped.GetValueOrDefault(reason) + k.Count;
                    break;
            }
        }

        // One row per reason and run, counted up batch by batch in the batch's transaction, like the run's counters.
        if (skipped.Count > 0)
        {
            var stored = await db.SyncRunSkips.Where(k => k.SyncRunId == runId).ToDictionaryAsync(k => k.Reason, StringComparer.Ordinal, ct);
            foreach (var (reason, count) in skipped)
            {
                if (stored.TryGetValue(reason, out var row))
                    row.Count += count;
                else
                    db.SyncRunSkips.Add(new SyncRunSkip { SyncRunId = runId, Reason = reason, Count = count });
            }
        }

        var written = rows.Count == 0 ? new BulkWriteResult(0, []) : await writer.WriteAsync(db, rows, ct);
        // Retractions after the batch's own rows: a statement and its voiding in one batch leave nothing behind.
        var (removed, removedDays) = await RemoveRetractedAsync(sourceId, retracted, ct);
        var now = clock.GetUtcNow();
        await DirtyDays.MarkAsync(db, written.DaysTouched.Concat(removedDays), now, ct);
        await db.SaveChangesAsync(ct);

        var read = batch.Count(r => r is ActivityRecord or RejectedRecord or RetractionRecord);
        var skippedCount = skipped.Values.Sum();
        var duplicates = rows.Count - written.Inserted;
        await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Read, r => r.Read + read)
            .SetProperty(r => r.Inserted, r => r.Inserted + written.Inserted)
            .SetProperty(r => r.Duplicates, r => r.Duplicates + duplicates)
            .SetProperty(r => r.Rejected, r => r.Rejected + rejected)
            .SetProperty(r => r.Skipped, r => r.Skipped + skippedCount)
            .SetProperty(r => r.Removed, r => r.Removed + removed), ct);

        // The cursor moves in the same transaction as the rows it covers: never ahead of them.
        var cursor = batch.LastOrDefault(r => r.CursorAfter is not null)?.CursorAfter;
        if (cursor is not null)
        {
            await db.SourceSystems.Where(s => s.Id == sourceId).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Cursor, cursor)
                .SetProperty(x => x.CursorUpdatedAt, now), ct);
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var (reason, count) in skipped)
            skippedInRun[reason] = skippedInRun.GetValueOrDefault(reason) + count;
        return new IngestionProgress(totals.Read + read, totals.Inserted + written.Inserted, totals.Duplicates + duplicates, totals.Rejected + rejected);
    }

    /// <summary>
    /// Reads the connector on another task, up to two batches ahead, so that parsing the source and
    /// writing the database use both cores. A connector's exception reaches the reader unchanged.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> PrefetchAsync(ISourceConnector connector, SourceCursor cursor, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<SourceRecord>(new BoundedChannelOptions(options.Value.BatchSize * 2)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                await foreach (var record in connector.ReadAsync(cursor, stop.Token).WithCancellation(stop.Token))
                    await channel.Writer.WriteAsync(ActivityBounds.Screen(record), stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception ex)
            {
                // Handed to the reader, which rethrows it: the run fails with the connector's own error.
                channel.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                while (channel.Reader.TryRead(out var record))
                    yield return record;
            }
        }
        finally
        {
            // The consumer stopped (done, failed or cancelled): stop the producer and wait for it to let go of the file.
            await stop.CancelAsync();
            await producer;
        }
    }

    /// <summary>
    /// A run still marked Running when a new one starts was killed (the process ended): its committed
    /// batches stay, and saying so in its row is what lets an admin see why it never finished.
    /// </summary>
    private async Task AbandonInterruptedRunsAsync(int sourceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.SyncRuns.Where(r => r.SourceSystemId == sourceId && r.Status == SyncRunStatus.Running)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, SyncRunStatus.Failed)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, "Interrupted: the process ended before the run finished; a later run continued from its last committed batch."), ct);
    }

    private async Task<(int Removed, List<DateOnly> Days)> RemoveRetractedAsync(int sourceId, List<string> eventIds, CancellationToken ct)
    {
        if (eventIds.Count == 0)
            return (0, []);
        var removed = 0;
        var days = new List<DateOnly>();
        foreach (var chunk in eventIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var matching = db.Activities.Where(a => a.SourceSystemId == sourceId && chunk.Contains(a.SourceEventId));
            days.AddRange((await matching.Select(a => a.OccurredAt).ToListAsync(ct)).Select(DirtyDays.DayOf));
            removed += await matching.ExecuteDeleteAsync(ct);
        }

        return (removed, days);
    }

    /// <summary>Pages, retries and rate-limit waits of a connector that reads over the network, as of now.</summary>
    private async Task RecordFetchStatsAsync(long runId, ISourceConnector connector, CancellationToken ct)
    {
        if (connector is not IReportsFetchStats { Stats: var stats })
            return;
        var pages = stats.PagesRead;
        var retries = stats.Retries;
        var waits = stats.RateLimitWaits;
        var waited = (int)Math.Ceiling(stats.RateLimitWaited.TotalSeconds);
        await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.PagesRead, pages)
            .SetProperty(r => r.Retries, retries)
            .SetProperty(r => r.RateLimitWaits, waits)
            .SetProperty(r => r.RateLimitWaitSeconds, waited), ct);
    }

    private async Task FinishAsync(long runId, SyncRunStatus status, string? error, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var message = error is null ? null : Truncate(error, 4000);
        await db.SyncRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.Error, message), ct);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}

using System.Globalization;
using System.Threading.Channels;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Caching;

/// <summary>
/// A number that changes when data the dashboard reads may have changed. Two reads that return the same
/// number saw the same database, so a figure computed at one version can be served for as long as it holds.
/// </summary>
public interface IDataVersion
{
    ValueTask<long> CurrentAsync(CancellationToken ct);

    /// <summary>
    /// Stores an audit entry (who viewed whose figures) without making the cached figures stale: it changes no
    /// figure, and otherwise each audited profile view would throw the cache away. Completes once the entry is committed.
    /// </summary>
    Task AppendAuditAsync(AnalyticsDbContext requestDb, AuditEntry entry, CancellationToken ct);
}

/// <summary>
/// SQLite: <c>PRAGMA data_version</c> on one connection kept open for this purpose. It changes whenever any other
/// connection (this process's pool, the command line, a second server) commits, and costs a few microseconds, so
/// every request can ask. A connection does not see its own commits in its data_version, so the audit entries of
/// views, which change no figure, are written through the watcher and leave the version, and the cache, as they are.
/// </summary>
public sealed class SqliteDataVersion(IOptions<DatabaseOptions> options) : IDataVersion, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Committed)> _audits =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _auditWriter;
    private SqliteConnection? _watcher;
    private long _last = -1;
    private long _generation;

    public async ValueTask<long> CurrentAsync(CancellationToken ct)
    {
        // While an audit entry is being written through the watcher (it may wait seconds for an import's write lock),
        // requests take the last version read instead of queueing behind it.
        if (!await _gate.WaitAsync(0, ct))
        {
            if (Interlocked.Read(ref _last) is var last and >= 0)
                return last;
            await _gate.WaitAsync(ct);
        }

        try
        {
            var watcher = await WatcherAsync(ct);
            await using var command = watcher.CreateCommand();
            command.CommandText = "PRAGMA data_version;";
            // data_version counts per connection: the watcher's generation keeps a reopened watcher's numbers apart.
            var current = (_generation << 40) + Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            Interlocked.Exchange(ref _last, current);
            return current;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ForgetWatcherAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <remarks>
    /// Entries are queued and committed together, in one transaction per batch, by one writer on the watcher
    /// connection (group commit): while an import or the aggregation holds the database's one write lock, every view
    /// in the meantime waits for the same next free moment instead of one commit each. The request still waits
    /// until its entry is committed, so a view is never shown unaudited.
    /// </remarks>
    public Task AppendAuditAsync(AnalyticsDbContext requestDb, AuditEntry entry, CancellationToken ct)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ObjectDisposedException.ThrowIf(!_audits.Writer.TryWrite((entry, committed)), this);
        lock (_audits)
            _auditWriter ??= Task.Run(WriteAuditsAsync, CancellationToken.None);
        return committed.Task.WaitAsync(ct);
    }

    private async Task WriteAuditsAsync()
    {
        while (await _audits.Reader.WaitToReadAsync())
        {
            var batch = new List<(AuditEntry Entry, TaskCompletionSource Committed)>();
            while (batch.Count < 1000 && _audits.Reader.TryRead(out var item))
                batch.Add(item);
            try
            {
                await _gate.WaitAsync();
                try
                {
                    var watcher = await WatcherAsync(CancellationToken.None);
                    var contextOptions = new DbContextOptionsBuilder<SqliteAnalyticsDbContext>().UseSqlite(watcher).Options;
                    await using var db = new SqliteAnalyticsDbContext(contextOptions);
                    db.AuditEntries.AddRange(batch.Select(b => b.Entry));
                    await db.SaveChangesAsync();
                }
                finally
                {
                    _gate.Release();
                }

                batch.ForEach(b => b.Committed.TrySetResult());
            }
            catch (Exception ex)
            {
                // A failed batch (a lock held past the busy timeout) fails its requests; the connection stays usable.
                batch.ForEach(b => b.Committed.TrySetException(ex));
            }
        }
    }

    private async Task<SqliteConnection> WatcherAsync(CancellationToken ct)
    {
        if (_watcher is not null)
            return _watcher;
        var builder = new SqliteConnectionStringBuilder(options.Value.ResolvedConnectionString) { Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        _watcher = connection;
        _generation++;
        return connection;
    }

    // A broken watcher (file replaced, I/O error) is reopened on the next request rather than kept.
    private async Task ForgetWatcherAsync()
    {
        // A new connection starts its own count: a version of the old one must not be taken for the same data.
        Interlocked.Exchange(ref _last, -1);
        if (_watcher is not null)
            await _watcher.DisposeAsync();
        _watcher = null;
    }

    public async ValueTask DisposeAsync()
    {
        _audits.Writer.TryComplete();
        if (_auditWriter is not null)
            await _auditWriter;
        if (_watcher is not null)
            await _watcher.DisposeAsync();
        _gate.Dispose();
    }
}

/// <summary>
/// SQL Server has no per-connection change counter that sees every writer without setting up change tracking, so
/// figures there are recomputed at most every <see cref="DashboardCacheOptions.SqlServerRefreshSeconds"/> after another
/// process's write: the version is the number of that interval since the epoch, plus this process's own committed
/// writes (<see cref="LocalWrites"/>), which therefore show at once.
/// </summary>
public sealed class IntervalDataVersion(TimeProvider clock, IOptions<DashboardCacheOptions> options, LocalWrites writes) : IDataVersion
{
    public ValueTask<long> CurrentAsync(CancellationToken ct) =>
        ValueTask.FromResult(((clock.GetUtcNow().ToUnixTimeSeconds() / options.Value.SqlServerRefreshSeconds) << 32) + writes.Count);

    public async Task AppendAuditAsync(AnalyticsDbContext requestDb, AuditEntry entry, CancellationToken ct)
    {
        using (LocalWrites.Unversioned())
        {
            requestDb.AuditEntries.Add(entry);
            await requestDb.SaveChangesAsync(ct);
        }
    }
}

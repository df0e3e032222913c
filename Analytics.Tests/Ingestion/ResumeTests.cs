using System.Runtime.CompilerServices;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.Bench;
using Analytics.Jobs.Ingestion.Runner;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Ingestion;

/// <summary>A run stopped half-way (cancelled or failing) and run again ends where one uninterrupted run ends.</summary>
public sealed class ResumeTests : IAsyncLifetime
{
    private const int Rows = 1_000;
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"resume-{Guid.NewGuid():N}.csv");

    public Task InitializeAsync() => new ActivityFileGenerator(Rows, seed: 7).WriteCsvAsync(_file, CancellationToken.None);

    public Task DisposeAsync()
    {
        File.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Cancelled_half_way_then_rerun_equals_an_uninterrupted_run()
    {
        await using var reference = await IngestionHost.CreateAsync(batchSize: 100);
        await reference.ImportAsync(ActivityCsvConnector.KindName, _file);

        await using var interrupted = await IngestionHost.CreateAsync(batchSize: 100);
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, read => read >= 400);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            interrupted.ImportAsync(ActivityCsvConnector.KindName, _file, progress: progress, ct: cancel.Token));

        var partial = await interrupted.CountsAsync();
        Assert.InRange(partial.Activities, 400, Rows - 1);
        var cancelled = await interrupted.QueryAsync(db => db.SyncRuns.SingleAsync());
        Assert.Equal(SyncRunStatus.Cancelled, cancelled.Status);
        Assert.Equal(partial.Activities, cancelled.Inserted);

        var rerun = await interrupted.ImportAsync(ActivityCsvConnector.KindName, _file);

        Assert.Equal(Rows - partial.Activities, rerun.Inserted);
        await AssertSameStateAsync(reference, interrupted);
    }

    [Fact]
    public async Task A_run_that_fails_half_way_then_reruns_equals_an_uninterrupted_run()
    {
        await using var reference = await IngestionHost.CreateAsync(batchSize: 100);
        await reference.ImportAsync(ActivityCsvConnector.KindName, _file);

        await using var broken = await IngestionHost.CreateAsync(batchSize: 100);
        var sourceId = await broken.InScopeAsync(async sp =>
            (await sp.GetRequiredService<SourceSync>().EnsureSourceAsync("test", ActivityCsvConnector.KindName, _file, default)).Id);
        var failing = new FailingAfter(new ActivityCsvConnector(_file), records: 550);
        var error = await Assert.ThrowsAsync<IOException>(() => broken.InScopeAsync(sp =>
            sp.GetRequiredService<IngestionRunner>().RunAsync(sourceId, failing, new IngestionRequest("test"), null, default)));

        var failed = await broken.QueryAsync(db => db.SyncRuns.SingleAsync());
        Assert.Equal(SyncRunStatus.Failed, failed.Status);
        Assert.Contains(error.Message, failed.Error, StringComparison.Ordinal);
        // Five batches of 100 were committed; the sixth died with the connector.
        Assert.Equal(500, (await broken.CountsAsync()).Activities);

        await broken.ImportAsync(ActivityCsvConnector.KindName, _file);
        await AssertSameStateAsync(reference, broken);
    }

    [Fact]
    public async Task A_run_left_running_by_a_killed_process_is_marked_interrupted_by_the_next()
    {
        await using var host = await IngestionHost.CreateAsync();
        var sourceId = await host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<SourceSync>().EnsureSourceAsync("test", ActivityCsvConnector.KindName, _file, default)).Id);
        await host.QueryAsync(async db =>
        {
            db.SyncRuns.Add(new SyncRun { SourceSystemId = sourceId, StartedAt = IngestionHost.Now.AddHours(-1), Status = SyncRunStatus.Running, Trigger = "killed" });
            return await db.SaveChangesAsync();
        });

        await host.ImportAsync(ActivityCsvConnector.KindName, _file);

        var killed = await host.QueryAsync(db => db.SyncRuns.SingleAsync(r => r.Trigger == "killed"));
        Assert.Equal(SyncRunStatus.Failed, killed.Status);
        Assert.StartsWith("Interrupted", killed.Error, StringComparison.Ordinal);
    }

    private static async Task AssertSameStateAsync(IngestionHost expected, IngestionHost actual)
    {
        Assert.Equal(await expected.CountsAsync(), await actual.CountsAsync());
        Assert.Equal(await expected.ActivityChecksumAsync(includeRun: false), await actual.ActivityChecksumAsync(includeRun: false));
        Assert.Equal(
            await expected.QueryAsync(db => db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync()),
            await actual.QueryAsync(db => db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync()));
        Assert.Equal(
            await expected.QueryAsync(db => db.SourceSystems.Select(s => s.Cursor).SingleAsync()),
            await actual.QueryAsync(db => db.SourceSystems.Select(s => s.Cursor).SingleAsync()));
    }

    private sealed class CancelAfter(CancellationTokenSource cancel, Func<long, bool> when) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            if (when(value.Read))
                cancel.Cancel();
        }
    }

    /// <summary>A source that breaks part-way, as a disk or network would.</summary>
    private sealed class FailingAfter(ISourceConnector inner, int records) : ISourceConnector
    {
        public string Kind => inner.Kind;

        public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
        {
            var count = 0;
            await foreach (var record in inner.ReadAsync(since, ct))
            {
                if (++count > records)
                    throw new IOException("The source went away half-way.");
                yield return record;
            }
        }
    }
}

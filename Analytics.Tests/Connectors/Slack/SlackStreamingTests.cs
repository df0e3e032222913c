using System.Globalization;
using System.Text;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Ingestion;
using Analytics.Tests.Reliability;
using Xunit.Abstractions;

namespace Analytics.Tests.Connectors.Slack;

/// <summary>The memory measurement needs the process to itself: no other test allocates while it runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlackStreamingCollection
{
    public const string Name = "Slack streaming memory";
}

/// <summary>A day file far larger than any message is streamed: the records of a whole-file parse, with memory bounded by one message (ADR 1680).</summary>
[Collection(SlackStreamingCollection.Name)]
public sealed class SlackStreamingTests(ITestOutputHelper log) : IDisposable
{
    private const long StartTs = 1790845200;
    private const int Users = 50;
    private const int TargetBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The live managed memory the reader may add while reading the file: less than the file itself. Measured: 26 MiB
    /// streaming (mostly the thread-starter index, one entry per message), 328 MiB when the file was parsed whole.
    /// </summary>
    private const long LiveBound = TargetBytes;

    private readonly ScratchFolder _folder = new("slack-stream");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_64_MiB_day_file_is_streamed_with_the_same_records_and_bounded_live_memory()
    {
        var export = _folder.File("export");
        var messages = await WriteExportAsync(export);
        var size = new FileInfo(Path.Combine(export, "general", "2026-10-01.json")).Length;
        var connector = new SlackConnector(export, new SlackOptions(), _ => Task.FromResult(new KnownItemUrls(new Dictionary<string, long>())));

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        long peakLive = 0;
        var activities = 0;
        var answered = 0;
        var rejected = new List<string>();
        var withCursor = new List<int>();
        var seen = 0;
        string? lastEvent = null;
        await foreach (var record in connector.ReadAsync(SourceCursor.Start, CancellationToken.None))
        {
            seen++;
            if (record.CursorAfter is not null)
                withCursor.Add(seen);
            switch (record)
            {
                case ActivityRecord activity:
                    activities++;
                    answered += activity.Type == ActivityType.Answered ? 1 : 0;
                    lastEvent = activity.SourceEventId;
                    break;
                case RejectedRecord rejection:
                    rejected.Add($"{rejection.Location}: {rejection.Reason}");
                    break;
            }

            // Live memory (after a full collection), sampled through the file: what the reader holds, not its garbage.
            if (seen % 20_000 == 0)
                peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }

        peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"day file {size / 1048576.0:0.0} MiB, {messages} messages: peak live {peakLive / 1048576.0:0.0} MiB above baseline, allocated {allocated / 1048576.0:0} MiB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:0} MiB"));

        Assert.True(size >= TargetBytes, $"the generated file is {size} bytes");
        var missingUser = Enumerable.Range(0, messages).Where(i => i % 1000 == 999).ToList();
        Assert.Equal(missingUser.Select(i => $"general/2026-10-01.json:{i + 1}: message {Ts(i)} has no 'user'"), rejected);
        Assert.Equal(messages - missingUser.Count, activities);
        // Every tenth message answers the thread of the message before it, by another user.
        Assert.Equal(Enumerable.Range(0, messages).Count(i => i % 10 == 9 && i % 1000 != 999 && (i - 1) % 1000 != 999), answered);
        Assert.Equal($"msg:C01GENERAL:{Ts(messages - 1)}", lastEvent);
        // One day file: only its last record carries the cursor.
        Assert.Equal([seen], withCursor);
        Assert.True(peakLive < LiveBound, $"peak live memory {peakLive:N0} bytes above the baseline while reading a {size:N0}-byte file");
    }

    private static string Ts(int i) => string.Create(CultureInfo.InvariantCulture, $"{StartTs + i}.000100");

    private static async Task<int> WriteExportAsync(string export)
    {
        Directory.CreateDirectory(Path.Combine(export, "general"));
        var users = string.Join(",\n", Enumerable.Range(0, Users).Select(u => $$"""{"id": "U{{u:D3}}", "name": "user{{u}}", "real_name": "User {{u}}"}"""));
        await File.WriteAllTextAsync(Path.Combine(export, "users.json"), $"[\n{users}\n]");
        await File.WriteAllTextAsync(Path.Combine(export, "channels.json"), """[{"id": "C01GENERAL", "name": "general"}]""");

        var text = string.Concat(Enumerable.Repeat("Release notes for the platform are in the wiki; ask here. ", 5));
        await using var writer = new StreamWriter(Path.Combine(export, "general", "2026-10-01.json"), false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("[\n");
        var i = 0;
        for (long written = 0; written < TargetBytes; i++)
        {
            var user = i % 1000 == 999 ? "" : string.Create(CultureInfo.InvariantCulture, $"\"user\": \"U{i % Users:D3}\", ");
            var thread = i % 10 == 9 ? $"\"thread_ts\": \"{Ts(i - 1)}\", " : "";
            var line = $"{(i == 0 ? "" : ",\n")}{{\"type\": \"message\", {user}{thread}\"ts\": \"{Ts(i)}\", \"text\": \"{text}{i}\"}}";
            await writer.WriteAsync(line);
            written += line.Length;
        }

        await writer.WriteAsync("\n]\n");
        return i;
    }
}

using System.Text;
using Analytics.Domain.Sources;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Reliability;

/// <summary>
/// The hostile input corpus, written in code into a temporary folder (big cases are generated, never committed).
/// A line is its bytes and what must become of it: null = imported, otherwise a fragment of its rejection reason.
/// </summary>
public sealed class HostileFiles : IDisposable
{
    /// <summary>The classic CSV/DDE injection, and the other leading characters spreadsheets read as formulas.</summary>
    public const string Formula = "=cmd|' /C calc'!A0";
    public static readonly string[] FormulaLike = [Formula, "+SUM(1+1)", "-2+3", "@SUM(A1:A9)"];

    public const int TenMegabytes = 10 * 1024 * 1024;

    /// <summary>The bytes C3 28: a two-byte sequence with an invalid continuation byte.</summary>
    public static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public HostileFiles() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "analytics-tests", $"hostile-{Guid.NewGuid():N}");

    public string PathOf(string name) => Path.Combine(Folder, name);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Writes the lines joined by LF (the last one without a line break, as a cut-off file ends).</summary>
    public string WriteLines(string name, IEnumerable<byte[]> lines)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        var first = true;
        foreach (var line in lines)
        {
            if (!first)
                file.WriteByte((byte)'\n');
            file.Write(line);
            first = false;
        }

        return path;
    }

    public string WriteText(string name, string text, Encoding? encoding = null)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    /// <summary>A file of <paramref name="prefix"/>, then <paramref name="length"/> bytes of 'x' with no line break, then <paramref name="suffix"/>; written in chunks.</summary>
    public string WriteLongLine(string name, string prefix, long length, string suffix = "")
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        file.Write(Utf8(prefix));
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (var written = 0L; written < length; written += chunk.Length)
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, length - written));
        file.Write(Utf8(suffix));
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>What an import stored, to prove that a hostile run lost, changed or duplicated nothing already there.</summary>
public static class StoredState
{
    /// <summary>Every activity of the given run as one line, in id order.</summary>
    public static Task<List<string>> ActivitiesOfRunAsync(IngestionHost host, long runId) => host.QueryAsync(db => db.Activities.AsNoTracking()
        .Where(a => a.SyncRunId == runId).OrderBy(a => a.Id)
        .Select(a => a.Id + "|" + a.SourceEventId + "|" + a.Type + "|" + a.OccurredAt + "|" + a.Quantity + "|" + a.ActorAccountId + "|" + a.ItemId)
        .ToListAsync());

    /// <summary>The seed's activities are exactly as before, and no event is stored twice.</summary>
    public static async Task AssertSeedKeptAsync(IngestionHost host, long seedRunId, List<string> before, int expectedTotal)
    {
        Assert.Equal(before, await ActivitiesOfRunAsync(host, seedRunId));
        var (total, distinct) = await host.QueryAsync(async db => (
            await db.Activities.CountAsync(),
            await db.Activities.Select(a => new { a.SourceSystemId, a.SourceEventId }).Distinct().CountAsync()));
        Assert.Equal(expectedTotal, total);
        Assert.Equal(total, distinct);
    }

    public static Task<List<Rejection>> RejectionsAsync(IngestionHost host, long runId) =>
        host.QueryAsync(db => db.Rejections.AsNoTracking().Where(r => r.SyncRunId == runId).OrderBy(r => r.Id).ToListAsync());

    /// <summary>Each expected rejection is stored once at its location with its reason, and there are no others.</summary>
    public static async Task AssertRejectionsAsync(IngestionHost host, long runId, IReadOnlyCollection<(string Location, string Reason)> expected)
    {
        var stored = await RejectionsAsync(host, runId);
        foreach (var (location, reason) in expected)
        {
            var rejection = Assert.Single(stored, r => r.Location == location);
            Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
        }

        Assert.Equal(expected.Count, stored.Count);
    }

    /// <summary>All text the database holds about a run's source that came from the input: titles, names, rejections.</summary>
    public static Task<string> AllStoredTextAsync(IngestionHost host) => host.QueryAsync(async db =>
    {
        var text = new StringBuilder();
        foreach (var r in await db.Rejections.AsNoTracking().ToListAsync())
            text.Append(r.Location).Append(r.Reason).Append(r.Excerpt);
        foreach (var i in await db.KnowledgeItems.AsNoTracking().ToListAsync())
            text.Append(i.ExternalId).Append(i.Title).Append(i.Topics).Append(i.Url);
        foreach (var a in await db.SourceAccounts.AsNoTracking().ToListAsync())
            text.Append(a.ExternalId).Append(a.DisplayName).Append(a.Email);
        foreach (var a in await db.Activities.AsNoTracking().Select(a => a.SourceEventId).ToListAsync())
            text.Append(a);
        return text.ToString();
    });
}

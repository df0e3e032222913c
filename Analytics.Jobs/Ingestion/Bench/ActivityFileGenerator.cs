using System.Globalization;
using System.Text;
using Analytics.Domain.Knowledge;

namespace Analytics.Jobs.Ingestion.Bench;

/// <summary>One generated activity, in the values both the file and the baseline use.</summary>
public readonly record struct GeneratedActivity(
    long Number, string EventId, DateTimeOffset OccurredAt, int Actor, ActivityType Type, int Item, int ItemAuthor, double Quantity);

/// <summary>
/// A generic activity file of any size from a fixed seed: the same seed and row count always give the
/// same bytes. Used by `bench ingest` and by tests that need more rows than a fixture should hold.
/// Like real exports and logs, it is in time order (<paramref name="chronological"/>); shuffled times
/// are the worst case for the time indexes and are kept for comparison. The rows span <paramref name="days"/> days
/// from <paramref name="start"/> (default: the year 2025).
/// </summary>
public sealed class ActivityFileGenerator(int rows, int seed = 42, bool chronological = true, DateTimeOffset? start = null, int days = 365)
{
    public int People { get; } = Math.Clamp(rows / 500, 10, 5_000);
    public int Items { get; } = Math.Clamp(rows / 50, 20, 50_000);

    private static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(2), TimeSpan.FromHours(-5), TimeSpan.FromHours(5.5)];
    private static readonly string[] Kinds = ["page", "question", "answer", "course", "session"];

    public static string ActorKey(int actor) => string.Create(CultureInfo.InvariantCulture, $"person{actor}@example.com");

    public static string ItemKey(int item) => string.Create(CultureInfo.InvariantCulture, $"item-{item}");

    public static string KindOf(int item) => Kinds[item % Kinds.Length];

    public IEnumerable<GeneratedActivity> Activities()
    {
        var random = new Random(seed);
        var types = ActivityTypes.All;
        var first = start ?? DefaultStart;
        for (long n = 1; n <= rows; n++)
        {
            var item = random.Next(Items);
            var offset = Offsets[random.Next(Offsets.Length)];
            var second = chronological
                ? (long)((n - 1) * (days * 24d * 3600 / rows)) + random.Next(60)
                : random.Next(days * 24 * 3600);
            var at = first.AddSeconds(second).ToOffset(offset);
            yield return new GeneratedActivity(n, string.Create(CultureInfo.InvariantCulture, $"evt-{n}"), at, random.Next(People),
                types[random.Next(types.Count)], item, item % People, 1 + random.Next(3));
        }
    }

    public async Task WriteCsvAsync(string path, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        await writer.WriteLineAsync("event_id,occurred_at,actor,type,item_id,item_title,item_kind,item_author,quantity");
        foreach (var a in Activities())
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{a.EventId},{a.OccurredAt:yyyy-MM-dd'T'HH:mm:sszzz},{ActorKey(a.Actor)},{a.Type.Code()},{ItemKey(a.Item)},Item {a.Item},{KindOf(a.Item)},{ActorKey(a.ItemAuthor)},{a.Quantity}"));
        }
    }
}

using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Connectors.Slack;

/// <summary>
/// A Slack workspace export, a folder or the .zip (docs/connectors.md): users.json, channels.json and one
/// file per channel and day. Messages are "posted", replies in someone else's thread "answered"; reactions
/// and links to known items are reuse credited to the author. The cursor is the last day file committed,
/// tied to the export's fingerprint.
/// </summary>
public sealed partial class SlackConnector(string path, SlackOptions limits, Func<CancellationToken, Task<KnownItemUrls>> loadUrls) : ISourceConnector
{
    public const string KindName = "slack";
    public const string ItemKind = "message";
    public const string FileKind = "file";
    private const int TitleLength = 200;
    public const string SkipBot = "bot messages (bot_id or bot_message): automation, not a person's contribution";
    public const string SkipOwnReaction = "reactions to one's own message (not reuse)";

    /// <summary>Membership, channel settings and automation: not contributions (product.md).</summary>
    private static readonly HashSet<string> SkippedSubtypes = new(StringComparer.Ordinal)
    {
        "channel_join", "channel_leave", "channel_purpose", "channel_topic", "channel_name", "channel_archive", "channel_unarchive",
        "group_join", "group_leave", "group_purpose", "group_topic", "group_name", "group_archive", "group_unarchive",
        "bot_message", "bot_add", "bot_remove", "pinned_item", "unpinned_item", "tombstone", "reminder_add", "joiner_notification",
    };

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var fileName = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        var refused = new List<(string Entry, string Reason)>();
        using var files = Directory.Exists(path) ? (SlackExportFiles)new SlackFolderFiles(path, limits.MaxFileBytes) : new SlackZipFiles(path, limits, refused);
        if (files is SlackZipFiles { TooLarge: { } tooLarge })
        {
            yield return new RejectedRecord(new RecordLocation(fileName, 0), null, tooLarge, null);
            yield break;
        }

        var fingerprint = files is SlackZipFiles ? await ExportFingerprint.OfFileAsync(path, ct) : FolderFingerprint(path, files.Paths);
        var resumeAfter = ExportFingerprint.ResumeAfter(since.Value, fingerprint);
        var previousCursor = resumeAfter > 0 ? since.Value : null;
        foreach (var (entry, reason) in refused)
            yield return new RejectedRecord(new RecordLocation($"{fileName}!{entry}", 0), previousCursor, reason, entry);

        var urls = await loadUrls(ct);
        var users = new Dictionary<string, AccountRef>(StringComparer.Ordinal);
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        var setup = new List<SourceRecord>();
        var exploded = false;
        try
        {
            await ReadUsersAsync(files, users, setup, ct);
            await ReadChannelsAsync(files, "channels.json", channels, setup, ct);
            await ReadChannelsAsync(files, "groups.json", channels, setup, ct);
        }
        catch (SlackZipBombException ex)
        {
            setup.Add(new RejectedRecord(new RecordLocation(fileName, 0), previousCursor, ex.Message, null));
            exploded = true;
        }

        foreach (var record in setup)
            yield return record;
        if (exploded)
            yield break;

        var dayFiles = files.Paths.Where(p => DayFilePattern().IsMatch(p)).ToList();
        var threadStarters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var ordinal = 1; ordinal <= dayFiles.Count; ordinal++)
        {
            ct.ThrowIfCancellationRequested();
            var dayFile = dayFiles[ordinal - 1];
            var folder = dayFile[..dayFile.IndexOf('/', StringComparison.Ordinal)];
            var channel = new SlackChannel(channels.GetValueOrDefault(folder, folder), folder);
            var emit = ordinal > resumeAfter;
            // Earlier files are read again for their thread starters only: a reply may answer a thread of last week.
            (string Reason, long Line)? problem;
            string? bomb = null;
            try
            {
                problem = await SlackJsonArrays.ProblemAsync(files, dayFile, ct);
            }
            catch (SlackZipBombException ex)
            {
                (problem, bomb) = (null, ex.Message);
            }

            if (bomb is not null)
            {
                // Nothing more of the archive is read: the rejection closes the export.
                yield return new RejectedRecord(new RecordLocation(fileName, 0), null, bomb, null) { CursorAfter = ExportFingerprint.Cursor(fingerprint, dayFiles.Count) };
                yield break;
            }

            var cursor = ExportFingerprint.Cursor(fingerprint, ordinal);
            if (problem is { } broken)
            {
                if (!emit)
                    continue;
                yield return new RejectedRecord(new RecordLocation(dayFile, broken.Line), null, broken.Reason, null) { CursorAfter = cursor };
                previousCursor = cursor;
                continue;
            }

            // One record is held back, so that the day file's last record can carry the day's cursor.
            SourceRecord? pending = null;
            var index = 0;
            await foreach (var message in SlackJsonArrays.ElementsAsync(files, dayFile, ct))
            {
                index++;
                foreach (var record in MapDayMessage(message, new RecordLocation(dayFile, index), channel, users, threadStarters, urls, emit))
                {
                    if (pending is not null)
                        yield return pending with { CursorAfter = previousCursor };
                    pending = record;
                }
            }

            if (pending is not null)
            {
                yield return pending with { CursorAfter = cursor };
                previousCursor = cursor;
            }
        }
    }

    private sealed record SlackChannel(string Id, string Name);

    private static async Task ReadUsersAsync(SlackExportFiles files, Dictionary<string, AccountRef> users, List<SourceRecord> records, CancellationToken ct)
    {
        if (!files.Paths.Contains("users.json"))
            return;
        if (await SlackJsonArrays.ProblemAsync(files, "users.json", ct) is { } problem)
        {
            records.Add(new RejectedRecord(new RecordLocation("users.json", problem.Line), null, problem.Reason, null));
            return;
        }

        var i = 0;
        await foreach (var user in SlackJsonArrays.ElementsAsync(files, "users.json", ct))
        {
            i++;
            var id = Text(user, "id");
            if (id is null)
            {
                records.Add(new RejectedRecord(new RecordLocation("users.json", i), null, "user without an 'id'", Excerpt(user)));
                continue;
            }

            var profile = user.TryGetProperty("profile", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var name = Text(user, "real_name") ?? (profile.ValueKind == JsonValueKind.Object ? Text(profile, "real_name") ?? Text(profile, "display_name") : null) ?? Text(user, "name");
            var email = profile.ValueKind == JsonValueKind.Object ? Text(profile, "email") : null;
            var isBot = Flag(user, "is_bot") || Flag(user, "is_app_user") || id == "USLACKBOT";
            var account = new AccountRef(id, name, email, Text(user, "name"), isBot);
            users[id] = account;
            records.Add(new AccountRecord(new RecordLocation("users.json", i), null, account));
        }
    }

    private static async Task ReadChannelsAsync(SlackExportFiles files, string file, Dictionary<string, string> channels, List<SourceRecord> records, CancellationToken ct)
    {
        if (!files.Paths.Contains(file))
            return;
        if (await SlackJsonArrays.ProblemAsync(files, file, ct) is { } problem)
        {
            records.Add(new RejectedRecord(new RecordLocation(file, problem.Line), null, problem.Reason, null));
            return;
        }

        await foreach (var channel in SlackJsonArrays.ElementsAsync(files, file, ct))
        {
            if (Text(channel, "name") is { } name && Text(channel, "id") is { } id)
                channels[name] = id;
        }
    }

    /// <summary>The records of one message of a day file (none when it only teaches a thread starter or is skipped).</summary>
    private static IEnumerable<SourceRecord> MapDayMessage(
        JsonElement message, RecordLocation location, SlackChannel channel, Dictionary<string, AccountRef> users,
        Dictionary<string, string> threadStarters, KnownItemUrls urls, bool emit)
    {
        var ts = Text(message, "ts");
        var user = Text(message, "user");
        var subtype = Text(message, "subtype");
        if (ts is not null && user is not null && (Text(message, "thread_ts") is null || Text(message, "thread_ts") == ts))
            threadStarters[$"{channel.Id}:{ts}"] = user;
        if (!emit)
            return [];

        if (Text(message, "bot_id") is not null || subtype is "bot_message")
            return [new SkippedRecord(location, null, SkipBot)];
        if (subtype is not null && SkippedSubtypes.Contains(subtype))
            return [new SkippedRecord(location, null, $"system messages ({subtype}): membership, channel settings, pins, reminders, deleted-message placeholders")];
        if (ts is null || !TryParseTs(ts, out var at))
            return [new RejectedRecord(location, null, $"message without a valid 'ts' ('{ts}')", Excerpt(message))];
        if (user is null && subtype == "file_comment" && FileComment(message, channel, ts, at, users, location) is { } comment)
            return [comment];
        if (user is null)
            return [new RejectedRecord(location, null, $"message {ts} has no 'user'", Excerpt(message))];

        return MapMessage(message, channel, ts, at, users, user, threadStarters, urls, location);
    }

    /// <summary>
    /// A comment on a shared file (legacy exports): the message has no "user"; the commenter is comment.user and the
    /// file's owner file.user. It is the commenter's "commented" on the file, an item of its own (docs/connectors.md).
    /// </summary>
    private static ActivityRecord? FileComment(JsonElement message, SlackChannel channel, string ts, DateTime at, Dictionary<string, AccountRef> users, RecordLocation location)
    {
        if (!message.TryGetProperty("comment", out var comment) || Text(comment, "user") is not { } commenter)
            return null;
        var file = message.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var fileId = file.ValueKind == JsonValueKind.Object ? Text(file, "id") : null;
        var owner = file.ValueKind == JsonValueKind.Object && Text(file, "user") is { } o ? Account(users, o) : null;
        var item = fileId is null
            ? new ItemRef($"{channel.Id}:{ts}", ItemKind, Title(Text(comment, "comment") ?? Text(message, "text") ?? ""), CreatedAt: new DateTimeOffset(at, TimeSpan.Zero), Topics: channel.Name)
            : new ItemRef($"file:{fileId}", FileKind, Title(Text(file, "title") ?? Text(file, "name") ?? fileId), Author: owner, Topics: channel.Name);
        return new ActivityRecord(location, null, $"file-comment:{channel.Id}:{ts}", ActivityType.Commented, at, Account(users, commenter), item);
    }

    private static IEnumerable<SourceRecord> MapMessage(
        JsonElement message, SlackChannel channel, string ts, DateTime at, Dictionary<string, AccountRef> users, string user,
        Dictionary<string, string> threadStarters, KnownItemUrls urls, RecordLocation location)
    {
        var author = Account(users, user);
        var text = Text(message, "text") ?? "";
        var threadTs = Text(message, "thread_ts");
        var isReply = threadTs is not null && threadTs != ts;
        var starter = !isReply ? null : Text(message, "parent_user_id") ?? threadStarters.GetValueOrDefault($"{channel.Id}:{threadTs}");
        var type = isReply && starter is not null && starter != author.ExternalId ? ActivityType.Answered : ActivityType.Posted;

        var item = new ItemRef($"{channel.Id}:{ts}", ItemKind, Title(text), Author: author, CreatedAt: new DateTimeOffset(at, TimeSpan.Zero),
            Topics: channel.Name, ParentExternalId: isReply ? $"{channel.Id}:{threadTs}" : null);
        yield return new ActivityRecord(location, null, $"msg:{channel.Id}:{ts}", type, at, author, item);

        // Reactions carry no time of their own: they are dated at the message. Reacting to one's own message is not reuse.
        if (message.TryGetProperty("reactions", out var reactions) && reactions.ValueKind == JsonValueKind.Array)
        {
            foreach (var reaction in reactions.EnumerateArray())
            {
                var name = Text(reaction, "name");
                if (name is null || !reaction.TryGetProperty("users", out var reactors) || reactors.ValueKind != JsonValueKind.Array)
                    continue;
                foreach (var reactor in reactors.EnumerateArray().Select(u => u.GetString()).OfType<string>().Distinct(StringComparer.Ordinal))
                {
                    if (reactor == author.ExternalId)
                    {
                        yield return new SkippedRecord(location, null, SkipOwnReaction);
                        continue;
                    }

                    yield return new ActivityRecord(location, null, $"reaction:{channel.Id}:{ts}:{name}:{reactor}", ActivityType.Reacted, at,
                        Account(users, reactor), item);
                }
            }
        }

        var linked = new HashSet<long>();
        foreach (Match link in LinkPattern().Matches(text))
        {
            if (urls.Find(WebUtility.HtmlDecode(link.Groups["url"].Value)) is { } itemId && linked.Add(itemId))
            {
                yield return new ActivityRecord(location, null, string.Create(CultureInfo.InvariantCulture, $"link:{channel.Id}:{ts}:{itemId}"),
                    ActivityType.Linked, at, author, new ItemRef(itemId.ToString(CultureInfo.InvariantCulture), "linked", StoredItemId: itemId));
            }
        }
    }

    /// <summary>A user missing from users.json is still an account, by id.</summary>
    private static AccountRef Account(Dictionary<string, AccountRef> users, string id) => users.TryGetValue(id, out var account) ? account : new AccountRef(id);

    private static bool TryParseTs(string ts, out DateTime at)
    {
        at = default;
        if (!decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 253402300799m)
            return false;
        at = DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static string? Title(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length == 0 ? null : flat.Length <= TitleLength ? flat : flat[..TitleLength];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() is { Length: > 0 } s ? s : null
            : null;

    private static bool Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string Excerpt(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length <= 200 ? raw : raw[..200];
    }

    private static string FolderFingerprint(string root, IReadOnlyList<string> paths)
    {
        var listing = new StringBuilder();
        foreach (var p in paths)
            listing.Append(CultureInfo.InvariantCulture, $"{p}\t{new FileInfo(Path.Combine(root, p)).Length}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())))[..32];
    }

    [GeneratedRegex(@"^[^/]+/\d{4}-\d{2}-\d{2}\.json$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DayFilePattern();

    /// <summary>Slack writes links as &lt;https://...&gt; or &lt;https://...|label&gt;.</summary>
    [GeneratedRegex(@"<(?<url>https?://[^|>\s]+)(?:\|[^>]*)?>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex LinkPattern();
}

public sealed class SlackConnectorFactory(IServiceScopeFactory scopes, IOptions<SlackOptions> options) : ISourceConnectorFactory
{
    public string Kind => SlackConnector.KindName;

    public ISourceConnector Create(string location) => new SlackConnector(location, options.Value, async ct =>
    {
        await using var scope = scopes.CreateAsyncScope();
        return await KnownItemUrls.LoadAsync(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>(), ct);
    });
}

public static class SlackRegistration
{
    /// <summary>The Slack connector and its validated zip limits ("Connectors:Slack").</summary>
    public static IServiceCollection AddSlackConnector(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ISourceConnectorFactory, SlackConnectorFactory>();
        return services;
    }
}

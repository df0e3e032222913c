using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Xml;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.Xapi;

/// <summary>
/// Learning records from an xAPI 1.0.3 Learning Record Store (docs/connectors.md): the statements stored since the cursor
/// (<c>GET statements?since=&amp;ascending=true</c>, following <c>more</c>), completed/passed as <c>completed</c> and
/// attended/experienced as <c>attended</c>, with the duration in hours as the quantity; a voiding statement removes the
/// activity of the statement it voids. The cursor is the <c>stored</c> time of the last statement read.
/// </summary>
public sealed class XapiConnector(LiveHttp http, LiveSourceOptions options) : ISourceConnector, IReportsFetchStats
{
    public const string KindName = LiveSourceKinds.Xapi;
    public const string CursorPrefix = "xapi1:";
    public const string Permission = "read access to statements (an LRS key with the statements/read or all/read scope)";
    private const string Verbs = "http://adlnet.gov/expapi/verbs/";
    private const string Voided = Verbs + "voided";

    private static readonly Dictionary<string, ActivityType> Mapped = new(StringComparer.Ordinal)
    {
        [Verbs + "completed"] = ActivityType.Completed,
        [Verbs + "passed"] = ActivityType.Completed,
        [Verbs + "attended"] = ActivityType.Attended,
        [Verbs + "experienced"] = ActivityType.Attended,
    };

    public string Kind => KindName;

    public FetchStats Stats => http.Stats;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var from = LiveCursor.Since(since.Value, CursorPrefix, options.Overlap);
        var query = string.Create(CultureInfo.InvariantCulture, $"statements?ascending=true&limit={options.PageSize}");
        if (from is { } at)
            query += "&since=" + Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        Uri? next = new(http.BaseUrl, query);
        var cursor = since.Value;
        var page = 0;
        while (next is not null)
        {
            page++;
            using var response = await http.GetAsync(next, Permission, ct);
            if (response.Body.ValueKind != JsonValueKind.Object || !response.Body.TryGetProperty("statements", out var statements)
                || statements.ValueKind != JsonValueKind.Array)
            {
                throw new LiveSourceException($"{next.GetLeftPart(UriPartial.Path)} did not answer an xAPI StatementResult (no statements array).");
            }

            var position = 0;
            foreach (var statement in statements.EnumerateArray())
            {
                position++;
                var location = new RecordLocation(string.Create(CultureInfo.InvariantCulture, $"statements page {page} #{position}"), 0);
                if (Time(statement, "stored") is { } stored)
                    cursor = LiveCursor.Format(CursorPrefix, stored);
                var record = Map(statement, location, cursor);
                if (record is not null)
                    yield return record;
            }

            // "more" is an IRL relative to the LRS's root, or empty at the end (xAPI 1.0.3, 2.1.3 StatementResult).
            next = response.Body.TryGetProperty("more", out var more) && more.ValueKind == JsonValueKind.String && more.GetString() is { Length: > 0 } link
                ? new Uri(http.BaseUrl, link)
                : null;
        }
    }

    private static SourceRecord? Map(JsonElement statement, RecordLocation location, string? cursor)
    {
        var id = Text(statement, "id");
        if (id is null || !Guid.TryParse(id, out var guid))
            return new RejectedRecord(location, cursor, "statement without a valid id", Excerpt(statement));
        location = location with { Source = $"{location.Source} statement {guid:D}" };
        var verb = statement.TryGetProperty("verb", out var v) ? Text(v, "id") : null;
        var target = statement.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;

        if (verb == Voided)
        {
            return target.ValueKind == JsonValueKind.Object && Text(target, "objectType") == "StatementRef"
                   && Text(target, "id") is { } voided && Guid.TryParse(voided, out var voidedId)
                ? new RetractionRecord(location, cursor, EventId(voidedId))
                : new RejectedRecord(location, cursor, "voiding statement whose object is not a StatementRef", Excerpt(statement));
        }

        if (verb is null || !Mapped.TryGetValue(verb, out var type))
            return null; // Other verbs (launched, initialized, answered...) are not learning outcomes: skipped.

        var when = Time(statement, "timestamp") ?? Time(statement, "stored");
        if (when is null)
            return new RejectedRecord(location, cursor, "statement without a valid timestamp or stored time", Excerpt(statement));
        if (Actor(statement) is not { } actor)
            return new RejectedRecord(location, cursor, "actor is not an Agent identified by mbox (mailto:) or account", Excerpt(statement));
        if (target.ValueKind != JsonValueKind.Object || (Text(target, "objectType") ?? "Activity") != "Activity" || Text(target, "id") is not { } activityId)
            return new RejectedRecord(location, cursor, "object is not an Activity with an id", Excerpt(statement));

        double quantity = 1;
        if (statement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object && Text(result, "duration") is { } duration)
        {
            if (!TryHours(duration, out var hours))
                return new RejectedRecord(location, cursor, $"result.duration '{duration}' is not an ISO 8601 duration", Excerpt(statement));
            if (hours > 0)
                quantity = hours;
        }

        var definition = target.TryGetProperty("definition", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var item = new ItemRef(activityId, ItemKind(definition), Title(definition),
            Uri.TryCreate(activityId, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? activityId : null);
        return new ActivityRecord(location, cursor, EventId(guid), type, when.Value.UtcDateTime, actor, item, quantity);
    }

    public static string EventId(Guid statementId) => "stmt:" + statementId.ToString("D");

    /// <summary>An Agent by mbox (its e-mail links the account to an employee) or by account (homePage and name).</summary>
    private static AccountRef? Actor(JsonElement statement)
    {
        if (!statement.TryGetProperty("actor", out var actor) || actor.ValueKind != JsonValueKind.Object)
            return null;
        if ((Text(actor, "objectType") ?? "Agent") != "Agent")
            return null;
        var name = Text(actor, "name");
        if (Text(actor, "mbox") is { } mbox && mbox.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && mbox.Length > 7 && mbox.Contains('@', StringComparison.Ordinal))
        {
            var email = mbox[7..].Trim().ToLowerInvariant();
            return new AccountRef("mailto:" + email, name, email);
        }

        if (actor.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object
            && Text(account, "homePage") is { } home && Text(account, "name") is { } user)
        {
            return new AccountRef($"account:{home.TrimEnd('/')}|{user}", name, Username: user);
        }

        return null;
    }

    private static string ItemKind(JsonElement definition)
    {
        var type = definition.ValueKind == JsonValueKind.Object ? Text(definition, "type") : null;
        var last = type?.TrimEnd('/').Split('/')[^1];
        return last is { Length: > 0 and <= 40 } ? "xapi:" + last : "xapi:activity";
    }

    private static string? Title(JsonElement definition)
    {
        if (definition.ValueKind != JsonValueKind.Object || !definition.TryGetProperty("name", out var names) || names.ValueKind != JsonValueKind.Object)
            return null;
        string? first = null;
        foreach (var language in names.EnumerateObject())
        {
            if (language.Value.ValueKind != JsonValueKind.String)
                continue;
            if (language.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                return language.Value.GetString();
            first ??= language.Value.GetString();
        }

        return first;
    }

    private static bool TryHours(string duration, out double hours)
    {
        hours = 0;
        try
        {
            // ISO 8601 durations (PT1H30M, P1DT2H); XmlConvert reads the same grammar.
            hours = XmlConvert.ToTimeSpan(duration).TotalHours;
            return hours >= 0;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static string Excerpt(JsonElement statement) => statement.GetRawText();
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Connectors.Live;
using Analytics.Jobs.Ingestion;
using static Analytics.Jobs.Connectors.Live.JsonFields;

namespace Analytics.Jobs.Connectors.GitHub;

/// <summary>
/// Discussions, which only the GraphQL API serves (<c>POST graphql</c>): a discussion is <c>asked</c>, a comment by someone
/// else <c>answered</c> (by the asker: <c>commented</c>), the marked answer also <c>accepted</c> (reuse of the answer,
/// done by whoever chose it), replies <c>commented</c>. The listing has no "since": it is read newest first
/// (<c>orderBy: UPDATED_AT DESC</c>), stops at the window's start and is handled oldest first, like the REST listings.
/// </summary>
public sealed partial class GitHubConnector
{
    private const string ActorFields = "__typename login ... on User { databaseId } ... on Bot { databaseId }";
    private const string ReplyFields = "id databaseId createdAt author { " + ActorFields + " }";
    private const string CommentFields = "id databaseId url createdAt isAnswer author { " + ActorFields + " } replies(first: $first) { pageInfo { endCursor hasNextPage } nodes { " + ReplyFields + " } }";

    private const string DiscussionsQuery =
        "query($owner: String!, $name: String!, $first: Int!, $after: String) { repository(owner: $owner, name: $name) { "
        + "discussions(first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) { pageInfo { endCursor hasNextPage } nodes { "
        + "id number title url createdAt updatedAt answerChosenAt author { " + ActorFields + " } answerChosenBy { " + ActorFields + " } "
        + "comments(first: $first) { pageInfo { endCursor hasNextPage } nodes { " + CommentFields + " } } } } } }";

    private const string MoreCommentsQuery =
        "query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Discussion { comments(first: $first, after: $after) { "
        + "pageInfo { endCursor hasNextPage } nodes { " + CommentFields + " } } } } }";

    private const string MoreRepliesQuery =
        "query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on DiscussionComment { replies(first: $first, after: $after) { "
        + "pageInfo { endCursor hasNextPage } nodes { " + ReplyFields + " } } } } }";

    // Discussions × comments × replies must stay under GraphQL's node limit (500,000): 50 × 50 × 50 does.
    private int GraphQlPageSize => Math.Min(options.PageSize, 50);

    private async IAsyncEnumerable<SourceRecord> DiscussionsAsync(string repository, DateTimeOffset? from, Position position,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var (owner, name) = (repository.Split('/')[0], repository.Split('/')[1]);
        var changed = new List<JsonElement>();
        string? after = null;
        var more = true;
        while (more)
        {
            var data = await GraphQlAsync(DiscussionsQuery, new Dictionary<string, object?> { ["owner"] = owner, ["name"] = name, ["first"] = GraphQlPageSize, ["after"] = after }, ct);
            if (!data.TryGetProperty("repository", out var repo) || repo.ValueKind != JsonValueKind.Object)
                throw new LiveSourceException($"GitHub GraphQL: repository {repository} was not found, or the token cannot see it. Needed: {DiscussionPermission}.");
            var discussions = repo.GetProperty("discussions");
            foreach (var discussion in discussions.GetProperty("nodes").EnumerateArray())
            {
                if (from is { } start && Time(discussion, "updatedAt") is { } updated && updated < start)
                {
                    // Newest first: everything after this one is older than the window too.
                    more = false;
                    break;
                }

                changed.Add(discussion);
            }

            (after, more) = more ? NextPage(discussions) : (null, false);
        }

        changed.Reverse();
        var entry = 0;
        foreach (var discussion in changed)
        {
            entry++;
            var cursor = (position with { Repository = repository, Phase = "discussions", LastUpdated = Time(discussion, "updatedAt") ?? position.LastUpdated }).ToString();
            foreach (var record in await DiscussionRecordsAsync(repository, discussion, entry, cursor, ct))
                yield return record;
        }
    }

    private async Task<List<SourceRecord>> DiscussionRecordsAsync(string repository, JsonElement discussion, int entry, string cursor, CancellationToken ct)
    {
        var location = new RecordLocation(string.Create(CultureInfo.InvariantCulture, $"{repository} discussions #{entry}"), 0);
        if (!discussion.TryGetProperty("number", out var n) || !n.TryGetInt64(out var number) || Time(discussion, "createdAt") is not { } created)
            return [new RejectedRecord(location, cursor, "discussion without a number or createdAt", discussion.GetRawText())];
        var itemId = ItemId(repository, number);
        location = location with { Source = $"{repository} discussion {itemId}" };
        var asker = Actor(discussion, "author", out var askerIsBot);
        var item = new ItemRef(itemId, "discussion", Text(discussion, "title"), Text(discussion, "url"), asker, created, repository);
        var records = new List<SourceRecord>();
        if (!askerIsBot)
            records.Add(new ActivityRecord(location, cursor, $"discussion:{itemId}", ActivityType.Asked, created.UtcDateTime, asker, item));

        var chooser = Actor(discussion, "answerChosenBy", out var chooserIsBot) ?? asker;
        var chosenAt = Time(discussion, "answerChosenAt");
        foreach (var comment in await AllAsync(discussion, "comments", MoreCommentsQuery, ct))
        {
            if (!comment.TryGetProperty("databaseId", out var idElement) || !idElement.TryGetInt64(out var id) || Time(comment, "createdAt") is not { } at)
            {
                records.Add(new RejectedRecord(location, cursor, "discussion comment without a databaseId or createdAt", comment.GetRawText()));
                continue;
            }

            var commenter = Actor(comment, "author", out var commenterIsBot);
            var commentLocation = location with { Source = string.Create(CultureInfo.InvariantCulture, $"{location.Source} comment {id}") };
            // The comment is an item of its own (as a Stack Exchange answer is), so that accepting it credits its author.
            var answer = new ItemRef(string.Create(CultureInfo.InvariantCulture, $"{itemId}/comment/{id}"), "discussion-comment", item.Title,
                Text(comment, "url") ?? item.Url, commenter, at, repository, itemId);
            if (!commenterIsBot)
            {
                // Answering is helping someone else: the asker's own comments in the thread are comments.
                var type = commenter is not null && asker is not null && commenter.ExternalId == asker.ExternalId ? ActivityType.Commented : ActivityType.Answered;
                records.Add(new ActivityRecord(commentLocation, cursor, string.Create(CultureInfo.InvariantCulture, $"discussion-comment:{repository}:{id}"),
                    type, at.UtcDateTime, commenter, answer));
            }

            if (comment.TryGetProperty("isAnswer", out var isAnswer) && isAnswer.ValueKind == JsonValueKind.True && !chooserIsBot)
            {
                records.Add(new ActivityRecord(commentLocation, cursor, string.Create(CultureInfo.InvariantCulture, $"discussion-answer:{repository}:{id}"),
                    ActivityType.Accepted, (chosenAt ?? at).UtcDateTime, chooser, answer));
            }

            foreach (var reply in await AllAsync(comment, "replies", MoreRepliesQuery, ct))
            {
                if (!reply.TryGetProperty("databaseId", out var replyIdElement) || !replyIdElement.TryGetInt64(out var replyId) || Time(reply, "createdAt") is not { } replied)
                {
                    records.Add(new RejectedRecord(commentLocation, cursor, "discussion reply without a databaseId or createdAt", reply.GetRawText()));
                    continue;
                }

                var replier = Actor(reply, "author", out var replierIsBot);
                if (!replierIsBot)
                {
                    records.Add(new ActivityRecord(commentLocation with { Source = string.Create(CultureInfo.InvariantCulture, $"{commentLocation.Source} reply {replyId}") },
                        cursor, string.Create(CultureInfo.InvariantCulture, $"discussion-reply:{repository}:{replyId}"), ActivityType.Commented,
                        replied.UtcDateTime, replier, answer));
                }
            }
        }

        return records;
    }

    /// <summary>The nodes of a connection (comments of a discussion, replies of a comment), asking for the pages after the first.</summary>
    private async Task<List<JsonElement>> AllAsync(JsonElement parent, string connection, string moreQuery, CancellationToken ct)
    {
        if (!parent.TryGetProperty(connection, out var first) || first.ValueKind != JsonValueKind.Object)
            return [];
        var nodes = first.GetProperty("nodes").EnumerateArray().ToList();
        var (after, more) = NextPage(first);
        while (more && Text(parent, "id") is { } id)
        {
            var data = await GraphQlAsync(moreQuery, new Dictionary<string, object?> { ["id"] = id, ["first"] = GraphQlPageSize, ["after"] = after }, ct);
            if (!data.TryGetProperty("node", out var node) || node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(connection, out var page))
                break; // deleted since the first page was read: what was read stands
            nodes.AddRange(page.GetProperty("nodes").EnumerateArray());
            (after, more) = NextPage(page);
        }

        return nodes;
    }

    private static (string? After, bool More) NextPage(JsonElement connection) =>
        connection.TryGetProperty("pageInfo", out var info) && info.TryGetProperty("hasNextPage", out var more) && more.ValueKind == JsonValueKind.True
            ? (Text(info, "endCursor"), true)
            : (null, false);

    /// <summary>
    /// One GraphQL query. Rate limits arrive as headers (handled by the shared handler: a 403/429 waits, a spent budget
    /// waits for its reset) or as a <c>RATE_LIMITED</c> error after such a wait, which asks again; other errors stop the run.
    /// </summary>
    private async Task<JsonElement> GraphQlAsync(string query, Dictionary<string, object?> variables, CancellationToken ct)
    {
        var uri = new Uri(http.BaseUrl, http.BaseUrl.AbsolutePath.EndsWith("/api/v3/", StringComparison.Ordinal) ? "../graphql" : "graphql");
        var body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });
        for (var attempt = 1; ; attempt++)
        {
            using var page = await http.PostJsonAsync(uri, body, DiscussionPermission, ct);
            if (page.Body.ValueKind != JsonValueKind.Object)
                throw new LiveSourceException($"{uri.GetLeftPart(UriPartial.Path)} did not answer a GraphQL response.");
            if (page.Body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var error = errors[0];
                var type = Text(error, "type");
                var message = Text(error, "message") ?? "an error";
                if (type == "RATE_LIMITED" && attempt < options.MaxRateLimitWaitsPerRequest)
                    continue;
                throw type switch
                {
                    "RATE_LIMITED" => new RateLimitExceededException($"GitHub GraphQL still answered RATE_LIMITED after {attempt} attempts; the next run continues from the cursor."),
                    "FORBIDDEN" or "INSUFFICIENT_SCOPES" => new SourcePermissionException($"GitHub GraphQL refused the query ({type}: {message}). Needed: {DiscussionPermission}."),
                    "NOT_FOUND" => new LiveSourceException($"GitHub GraphQL: {message} It does not exist, or the token cannot see it. Needed: {DiscussionPermission}."),
                    _ => new LiveSourceException($"GitHub GraphQL answered {type ?? "an error"}: {message}"),
                };
            }

            return page.Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                ? data.Clone()
                : throw new LiveSourceException($"{uri.GetLeftPart(UriPartial.Path)} answered no data.");
        }
    }

    /// <summary>A GraphQL actor by its database id (the REST user id, so both APIs name one account); none for a deleted user.</summary>
    private static AccountRef? Actor(JsonElement element, string field, out bool isBot)
    {
        isBot = false;
        if (!element.TryGetProperty(field, out var actor) || actor.ValueKind != JsonValueKind.Object)
            return null;
        var login = Text(actor, "login");
        isBot = Text(actor, "__typename") == "Bot" || (login?.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ?? false);
        if (login == "ghost" || !actor.TryGetProperty("databaseId", out var idElement) || !idElement.TryGetInt64(out var id))
            return null;
        return new AccountRef(id.ToString(CultureInfo.InvariantCulture), login, Username: login);
    }
}

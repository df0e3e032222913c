using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// The GitHub REST API (2022-11-28) as its reference documents the endpoints the connector reads: issues (pull requests
/// included, marked by "pull_request"), issue comments and review comments of a repository, sorted by updated with since
/// (at or after) and per_page, paged by a Link header; a pull request's reviews; an organisation's repositories; a
/// repository's commits (newest first, since = committed at or after, no sort parameter) and one commit with its files
/// (paged by a Link header too). Every answer carries X-RateLimit-* headers.
/// </summary>
public sealed class FakeGitHub
{
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    public Dictionary<string, List<string>> Organisations { get; } = new(StringComparer.Ordinal);
    public List<Issue> Issues { get; } = [];
    public List<Review> Reviews { get; } = [];
    public List<Comment> Comments { get; } = [];
    public HashSet<(string Repo, int Number)> GoneReviews { get; } = [];
    public List<Discussion> Discussions { get; } = [];
    public List<Commit> Commits { get; } = [];

    /// <summary>Shas whose commit answers 404 or 422 after it was listed (force-pushed away).</summary>
    public HashSet<string> GoneCommits { get; } = [];

    /// <summary>Files per page of one commit (GitHub: 300).</summary>
    public int FilesPerPage { get; set; } = 300;

    /// <summary>A file a commit changed, as GitHub names its status: added, modified, removed, renamed...</summary>
    public sealed record CommitFile(string Status, string Name, string? Previous = null);

    /// <summary>A commit: its git author (name, e-mail, date), the GitHub user linked to that e-mail (none: null), its parents.</summary>
    public sealed record Commit(string Repo, string Sha, string Name, string Email, User? User, DateTimeOffset Authored, DateTimeOffset Committed,
        string[] Parents, string Message, CommitFile[] Files);

    /// <summary>A commit authored and committed <paramref name="minutes"/> after Start, whose parent is the repository's previous commit.</summary>
    public Commit AddCommit(string repo, string sha, User? user, int minutes, CommitFile[] files, string? email = null, string? name = null,
        string? message = null, bool merge = false)
    {
        var parent = Commits.LastOrDefault(c => c.Repo == repo)?.Sha;
        string[] parents = parent is null ? [] : merge ? [parent, "feedfacefeedfacefeedfacefeedfacefeedface"] : [parent];
        return Add(Commits, new Commit(repo, sha, name ?? user?.Login ?? "Someone", email ?? $"{user?.Login ?? "someone"}@example.com", user,
            Start.AddMinutes(minutes), Start.AddMinutes(minutes), parents, message ?? "Update " + sha, files));
    }
    public List<DiscussionComment> DiscussionComments { get; } = [];

    /// <summary>GraphQL answers this error (a token without access to discussions) instead of data.</summary>
    public string? GraphQlError { get; set; }

    public sealed record Discussion(string Repo, int Number, string Title, User Author, DateTimeOffset Created)
    {
        public DateTimeOffset Updated { get; set; } = Created;
        public long? AnswerId { get; set; }
        public User? ChosenBy { get; set; }
        public DateTimeOffset? ChosenAt { get; set; }
    }

    public sealed record DiscussionComment(string Repo, int Number, long Id, long? ParentId, User Author, DateTimeOffset Created);

    public Discussion AddDiscussion(string repo, int number, User author, int minutes) =>
        Add(Discussions, new Discussion(repo, number, "Question " + number.ToString(CultureInfo.InvariantCulture), author, Start.AddMinutes(minutes)));

    /// <summary>A comment or reply also updates its discussion, as on GitHub.</summary>
    public void AddDiscussionComment(string repo, int number, long id, User author, int minutes, long? parent = null)
    {
        DiscussionComments.Add(new DiscussionComment(repo, number, id, parent, author, Start.AddMinutes(minutes)));
        TouchDiscussion(repo, number, Start.AddMinutes(minutes));
    }

    public void MarkAnswer(string repo, int number, long commentId, User chooser, int minutes)
    {
        var discussion = Discussions.Single(d => d.Repo == repo && d.Number == number);
        (discussion.AnswerId, discussion.ChosenBy, discussion.ChosenAt) = (commentId, chooser, Start.AddMinutes(minutes));
        TouchDiscussion(repo, number, Start.AddMinutes(minutes));
    }

    private void TouchDiscussion(string repo, int number, DateTimeOffset at)
    {
        foreach (var discussion in Discussions.Where(d => d.Repo == repo && d.Number == number && d.Updated < at))
            discussion.Updated = at;
    }

    public sealed record User(long Id, string Login, bool Bot = false);

    public sealed record Issue(string Repo, int Number, string Title, User Author, DateTimeOffset Created, bool IsPull)
    {
        public DateTimeOffset Updated { get; set; } = Created;
    }

    public sealed record Review(string Repo, int Number, long Id, User Reviewer, string State, string Body, DateTimeOffset Submitted);

    public sealed record Comment(string Repo, int Number, long Id, User Author, DateTimeOffset Created, bool OnReview)
    {
        public DateTimeOffset Updated { get; set; } = Created;
    }

    public static readonly User Ada = new(101, "ada");
    public static readonly User Bob = new(102, "bob");
    public static readonly User Carol = new(103, "carol");
    public static readonly User Dependabot = new(49699333, "dependabot[bot]", Bot: true);

    public Issue AddIssue(string repo, int number, User author, int minutes, bool pull) =>
        Add(Issues, new Issue(repo, number, (pull ? "Change " : "Problem ") + number.ToString(CultureInfo.InvariantCulture), author, Start.AddMinutes(minutes), pull));

    /// <summary>A review also updates its pull request, as on GitHub.</summary>
    public Review AddReview(string repo, int number, long id, User reviewer, string state, int minutes, string body = "")
    {
        Touch(repo, number, Start.AddMinutes(minutes));
        return Add(Reviews, new Review(repo, number, id, reviewer, state, body, Start.AddMinutes(minutes)));
    }

    public Comment AddComment(string repo, int number, long id, User author, int minutes, bool onReview = false)
    {
        Touch(repo, number, Start.AddMinutes(minutes));
        return Add(Comments, new Comment(repo, number, id, author, Start.AddMinutes(minutes), onReview));
    }

    private void Touch(string repo, int number, DateTimeOffset at)
    {
        foreach (var issue in Issues.Where(i => i.Repo == repo && i.Number == number && i.Updated < at))
            issue.Updated = at;
    }

    private static T Add<T>(List<T> list, T value)
    {
        list.Add(value);
        return value;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.Trim('/').Split('/');
        var query = context.Request.Query;
        var perPage = int.Parse(query["per_page"].FirstOrDefault() ?? "30", CultureInfo.InvariantCulture);
        var pageNumber = int.Parse(query["page"].FirstOrDefault() ?? "1", CultureInfo.InvariantCulture);
        DateTimeOffset? since = query["since"].FirstOrDefault() is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;
        context.Response.Headers["X-RateLimit-Limit"] = "5000";
        context.Response.Headers["X-RateLimit-Remaining"] = "4999";
        context.Response.Headers["X-RateLimit-Reset"] = Start.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (context.Request.Method == "POST" && path is ["graphql"])
        {
            await GraphQlAsync(context);
            return;
        }

        List<JsonNode> all;
        switch (path)
        {
            case ["orgs", var org, "repos"]:
                all = [.. Organisations.GetValueOrDefault(org, []).Select(r => (JsonNode)new JsonObject { ["full_name"] = r, ["private"] = false })];
                break;
            case ["repos", var owner, var name, "issues"]:
                all = [.. Issues.Where(i => i.Repo == $"{owner}/{name}" && (since is null || i.Updated >= since)).OrderBy(i => i.Updated).Select(i => (JsonNode)IssueJson(i))];
                break;
            case ["repos", var owner, var name, "issues", "comments"]:
                all = [.. Comments.Where(c => !c.OnReview && c.Repo == $"{owner}/{name}" && (since is null || c.Updated >= since)).OrderBy(c => c.Updated).Select(c => (JsonNode)CommentJson(c))];
                break;
            case ["repos", var owner, var name, "pulls", "comments"]:
                all = [.. Comments.Where(c => c.OnReview && c.Repo == $"{owner}/{name}" && (since is null || c.Updated >= since)).OrderBy(c => c.Updated).Select(c => (JsonNode)CommentJson(c))];
                break;
            case ["repos", var owner, var name, "commits"]:
                all = [.. Commits.Where(c => c.Repo == $"{owner}/{name}" && (since is null || c.Committed >= since)).OrderByDescending(c => c.Committed)
                    .ThenByDescending(c => Commits.IndexOf(c)).Select(c => (JsonNode)CommitJson(c))];
                break;
            case ["repos", var owner, var name, "commits", var sha]:
                var found = Commits.SingleOrDefault(c => c.Repo == $"{owner}/{name}" && c.Sha == sha);
                if (found is null || GoneCommits.Contains(sha))
                {
                    context.Response.StatusCode = found is null ? 404 : 422;
                    await context.Response.WriteAsync(new JsonObject { ["message"] = "No commit found for SHA: " + sha }.ToJsonString());
                    return;
                }

                var detail = CommitJson(found);
                detail["stats"] = new JsonObject { ["total"] = 0, ["additions"] = 0, ["deletions"] = 0 };
                detail["files"] = new JsonArray([.. found.Files.Skip((pageNumber - 1) * FilesPerPage).Take(FilesPerPage).Select(f => (JsonNode)FileJson(found, f))]);
                if (pageNumber * FilesPerPage < found.Files.Length)
                {
                    var root = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
                    context.Response.Headers["Link"] = $"<{root}?page={(pageNumber + 1).ToString(CultureInfo.InvariantCulture)}>; rel=\"next\"";
                }

                context.Response.ContentType = "application/json; charset=utf-8";
                await context.Response.WriteAsync(detail.ToJsonString());
                return;
            case ["repos", var owner, var name, "pulls", var number, "reviews"]:
                var n = int.Parse(number, CultureInfo.InvariantCulture);
                if (GoneReviews.Contains(($"{owner}/{name}", n)))
                {
                    context.Response.StatusCode = 404;
                    await context.Response.WriteAsync("""{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
                    return;
                }

                all = [.. Reviews.Where(r => r.Repo == $"{owner}/{name}" && r.Number == n).OrderBy(r => r.Id).Select(ReviewJson)];
                break;
            default:
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("""{"message":"Not Found"}""");
                return;
        }

        var page = all.Skip((pageNumber - 1) * perPage).Take(perPage).ToList();
        if (pageNumber * perPage < all.Count)
        {
            var next = new QueryBuilder(query.Where(q => q.Key != "page")) { { "page", (pageNumber + 1).ToString(CultureInfo.InvariantCulture) } };
            var last = new QueryBuilder(query.Where(q => q.Key != "page")) { { "page", ((all.Count + perPage - 1) / perPage).ToString(CultureInfo.InvariantCulture) } };
            var root = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
            context.Response.Headers["Link"] = $"<{root}{next}>; rel=\"next\", <{root}{last}>; rel=\"last\"";
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(new JsonArray([.. page]).ToJsonString());
    }

    /// <summary>
    /// The GraphQL API for the three queries the connector sends: a repository's discussions (ordered by UPDATED_AT DESC)
    /// with their first comments and replies, and the further comments of a discussion or replies of a comment by node id.
    /// </summary>
    private async Task GraphQlAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!;
        var query = request["query"]!.GetValue<string>();
        var variables = request["variables"]!.AsObject();
        var first = variables["first"]!.GetValue<int>();
        var after = variables["after"]?.GetValue<string>() is { } a ? int.Parse(a, CultureInfo.InvariantCulture) : 0;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (GraphQlError is { } error)
        {
            await context.Response.WriteAsync(new JsonObject
            {
                ["data"] = null,
                ["errors"] = new JsonArray(new JsonObject { ["type"] = error, ["message"] = "Resource not accessible by personal access token" }),
            }.ToJsonString());
            return;
        }

        JsonObject data;
        if (query.Contains("repository(", StringComparison.Ordinal))
        {
            var repo = $"{variables["owner"]!.GetValue<string>()}/{variables["name"]!.GetValue<string>()}";
            var list = Discussions.Where(d => d.Repo == repo).OrderByDescending(d => d.Updated).ThenByDescending(d => d.Number).ToList();
            data = new JsonObject { ["repository"] = new JsonObject { ["discussions"] = Connection(list, after, first, d => DiscussionJson(d, first)) } };
        }
        else if (query.Contains("on DiscussionComment", StringComparison.Ordinal))
        {
            var id = long.Parse(variables["id"]!.GetValue<string>()["DC_".Length..], CultureInfo.InvariantCulture);
            data = new JsonObject { ["node"] = new JsonObject { ["replies"] = Connection(Replies(id), after, first, ReplyJson) } };
        }
        else
        {
            var discussion = Discussions.Single(d => $"D_{d.Repo}_{d.Number}" == variables["id"]!.GetValue<string>());
            data = new JsonObject { ["node"] = new JsonObject { ["comments"] = Connection(TopComments(discussion), after, first, c => CommentJson(c, first)) } };
        }

        await context.Response.WriteAsync(new JsonObject { ["data"] = data }.ToJsonString());
    }

    private List<DiscussionComment> TopComments(Discussion d) =>
        [.. DiscussionComments.Where(c => c.Repo == d.Repo && c.Number == d.Number && c.ParentId is null).OrderBy(c => c.Id)];

    private List<DiscussionComment> Replies(long id) => [.. DiscussionComments.Where(c => c.ParentId == id).OrderBy(c => c.Id)];

    private static JsonObject Connection<T>(List<T> all, int offset, int first, Func<T, JsonNode> map)
    {
        var page = all.Skip(offset).Take(first).ToList();
        return new JsonObject
        {
            ["pageInfo"] = new JsonObject
            {
                ["endCursor"] = page.Count == 0 ? null : (offset + page.Count).ToString(CultureInfo.InvariantCulture),
                ["hasNextPage"] = offset + first < all.Count,
            },
            ["nodes"] = new JsonArray([.. page.Select(map)]),
        };
    }

    private JsonObject DiscussionJson(Discussion d, int first) => new()
    {
        ["id"] = $"D_{d.Repo}_{d.Number}",
        ["number"] = d.Number,
        ["title"] = d.Title,
        ["url"] = $"https://github.com/{d.Repo}/discussions/{d.Number}",
        ["createdAt"] = Iso(d.Created),
        ["updatedAt"] = Iso(d.Updated),
        ["answerChosenAt"] = d.ChosenAt is { } at ? Iso(at) : null,
        ["author"] = ActorJson(d.Author),
        ["answerChosenBy"] = d.ChosenBy is { } by ? ActorJson(by) : null,
        ["comments"] = Connection(TopComments(d), 0, first, c => CommentJson(c, first)),
    };

    private JsonObject CommentJson(DiscussionComment c, int first) => new()
    {
        ["id"] = $"DC_{c.Id}",
        ["databaseId"] = c.Id,
        ["url"] = $"https://github.com/{c.Repo}/discussions/{c.Number}#discussioncomment-{c.Id}",
        ["createdAt"] = Iso(c.Created),
        ["isAnswer"] = Discussions.Any(d => d.Repo == c.Repo && d.Number == c.Number && d.AnswerId == c.Id),
        ["author"] = ActorJson(c.Author),
        ["replies"] = Connection(Replies(c.Id), 0, first, ReplyJson),
    };

    private static JsonNode ReplyJson(DiscussionComment c) => new JsonObject
    {
        ["id"] = $"DC_{c.Id}", ["databaseId"] = c.Id, ["createdAt"] = Iso(c.Created), ["author"] = ActorJson(c.Author),
    };

    private static JsonObject ActorJson(User user) =>
        new() { ["__typename"] = user.Bot ? "Bot" : "User", ["login"] = user.Login, ["databaseId"] = user.Id };

    private static JsonObject UserJson(User user) =>
        new() { ["login"] = user.Login, ["id"] = user.Id, ["type"] = user.Bot ? "Bot" : "User", ["site_admin"] = false };

    private static JsonObject IssueJson(Issue issue)
    {
        var json = new JsonObject
        {
            ["id"] = 9000 + issue.Number,
            ["number"] = issue.Number,
            ["title"] = issue.Title,
            ["user"] = UserJson(issue.Author),
            ["state"] = "open",
            ["html_url"] = $"https://github.com/{issue.Repo}/{(issue.IsPull ? "pull" : "issues")}/{issue.Number}",
            ["created_at"] = Iso(issue.Created),
            ["updated_at"] = Iso(issue.Updated),
        };
        if (issue.IsPull)
            json["pull_request"] = new JsonObject { ["url"] = $"https://api.github.com/repos/{issue.Repo}/pulls/{issue.Number}" };
        return json;
    }

    private static JsonNode ReviewJson(Review review) => new JsonObject
    {
        ["id"] = review.Id,
        ["user"] = UserJson(review.Reviewer),
        ["body"] = review.Body,
        ["state"] = review.State,
        ["submitted_at"] = review.State == "PENDING" ? null : Iso(review.Submitted),
        ["pull_request_url"] = $"https://api.github.com/repos/{review.Repo}/pulls/{review.Number}",
    };

    private static JsonObject CommentJson(Comment comment)
    {
        var json = new JsonObject
        {
            ["id"] = comment.Id,
            ["user"] = UserJson(comment.Author),
            ["body"] = "A comment",
            ["created_at"] = Iso(comment.Created),
            ["updated_at"] = Iso(comment.Updated),
        };
        if (comment.OnReview)
            json["pull_request_url"] = $"https://api.github.com/repos/{comment.Repo}/pulls/{comment.Number}";
        else
            json["issue_url"] = $"https://api.github.com/repos/{comment.Repo}/issues/{comment.Number}";
        return json;
    }

    private static JsonObject CommitJson(Commit c) => new()
    {
        ["url"] = $"https://api.github.com/repos/{c.Repo}/commits/{c.Sha}",
        ["sha"] = c.Sha,
        ["node_id"] = "C_" + c.Sha,
        ["html_url"] = $"https://github.com/{c.Repo}/commit/{c.Sha}",
        ["commit"] = new JsonObject
        {
            ["author"] = new JsonObject { ["name"] = c.Name, ["email"] = c.Email, ["date"] = Iso(c.Authored) },
            ["committer"] = new JsonObject { ["name"] = "GitHub", ["email"] = "noreply@github.com", ["date"] = Iso(c.Committed) },
            ["message"] = c.Message,
            ["comment_count"] = 0,
        },
        ["author"] = c.User is { } user ? UserJson(user) : null,
        ["committer"] = UserJson(new User(19864447, "web-flow")),
        ["parents"] = new JsonArray([.. c.Parents.Select(p => (JsonNode)new JsonObject { ["sha"] = p, ["url"] = $"https://api.github.com/repos/{c.Repo}/commits/{p}" })]),
    };

    private static JsonObject FileJson(Commit c, CommitFile f)
    {
        var json = new JsonObject
        {
            ["sha"] = "0123456789abcdef0123456789abcdef01234567",
            ["filename"] = f.Name,
            ["status"] = f.Status,
            ["additions"] = 1,
            ["deletions"] = 0,
            ["changes"] = 1,
            ["blob_url"] = $"https://github.com/{c.Repo}/blob/{c.Sha}/{f.Name}",
            ["raw_url"] = $"https://github.com/{c.Repo}/raw/{c.Sha}/{f.Name}",
        };
        if (f.Previous is not null)
            json["previous_filename"] = f.Previous;
        return json;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

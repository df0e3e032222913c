using System.Globalization;
using System.Runtime.CompilerServices;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Connectors.StackExchange;

/// <summary>
/// A Stack Exchange data dump folder (Users, Posts, PostHistory, Comments, Votes, PostLinks .xml) mapped
/// to activities as docs/connectors.md describes. Files are read in that order, each streamed once; an
/// in-memory index of the posts (type, owner, accepted answer, view count) answers who is credited for
/// events of later files. Every phase always streams its whole file so the index is complete; on resume
/// only records after the cursor's position are emitted.
/// </summary>
public sealed class StackExchangeConnector(string folder, int sourceSystemId, ImportedViewTotals viewTotals) : ISourceConnector
{
    public const string KindName = "stackexchange";
    public const string CommunityUserId = "-1";
    private const int ViewChunk = 500;

    private static readonly string[] DumpFiles = ["Users.xml", "Posts.xml", "PostHistory.xml", "Comments.xml", "Votes.xml", "PostLinks.xml"];

    private enum Phase
    {
        Users = 0,
        Posts = 1,
        EarlyAnswers = 2,
        PostHistory = 3,
        Comments = 4,
        Votes = 5,
        PostLinks = 6,
        Accepted = 7,
        Views = 8,
    }

    private readonly Dictionary<int, PostInfo> _posts = [];
    private readonly Dictionary<int, DateTime> _acceptVotes = [];
    private readonly List<ActivityRecord> _earlyAnswers = [];
    private readonly HashSet<(string Revision, string User)> _edits = [];
    private DateTime? _asOf;
    private string _fingerprint = "";
    private Phase _resumePhase;
    private long _resumePosition;

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"No such dump folder: {folder}");
        if (!File.Exists(Path.Combine(folder, "Posts.xml")))
            throw new FileNotFoundException($"{folder} is not a Stack Exchange dump: Posts.xml is missing.", Path.Combine(folder, "Posts.xml"));

        // The state of one read: a second enumeration starts afresh.
        _posts.Clear();
        _acceptVotes.Clear();
        _earlyAnswers.Clear();
        _edits.Clear();
        _asOf = null;
        (_resumePhase, _resumePosition) = (Phase.Users, 0);

        var present = DumpFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists).ToList();
        _fingerprint = await DumpCursor.FingerprintAsync(present, ct);
        if (DumpCursor.Parse(since.Value) is { } cursor && cursor.Fingerprint == _fingerprint)
        {
            if (cursor.IsDone)
                yield break;
            (_resumePhase, _resumePosition) = ((Phase)cursor.Phase, cursor.Position);
        }

        // One record behind: the last record of the dump carries the "done" cursor, so that a finished
        // import of this same dump is not read again.
        SourceRecord? pending = null;
        await foreach (var record in ReadAllAsync(ct))
        {
            if (pending is not null)
                yield return pending;
            pending = record;
        }

        if (pending is not null)
            yield return pending with { CursorAfter = new DumpCursor(_fingerprint, DumpCursor.DonePhase, 0).ToString() };
    }

    private async IAsyncEnumerable<SourceRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in ReadFileAsync(Phase.Users, "Users.xml", ["Id", "DisplayName"], UserRow, ct))
            yield return r;
        await foreach (var r in ReadFileAsync(Phase.Posts, "Posts.xml",
                           ["Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate", "LastActivityDate", "ViewCount", "OwnerUserId", "Title", "Tags"],
                           PostRow, ct))
            yield return r;
        for (var i = 0; i < _earlyAnswers.Count; i++)
        {
            if (Emits(Phase.EarlyAnswers, i + 1))
                yield return _earlyAnswers[i] with { CursorAfter = Cursor(Phase.EarlyAnswers, i + 1) };
        }

        await foreach (var r in ReadFileAsync(Phase.PostHistory, "PostHistory.xml", ["Id", "PostHistoryTypeId", "PostId", "RevisionGUID", "CreationDate", "UserId"], HistoryRow, ct))
            yield return r;
        await foreach (var r in ReadFileAsync(Phase.Comments, "Comments.xml", ["Id", "PostId", "CreationDate", "UserId"], CommentRow, ct))
            yield return r;
        await foreach (var r in ReadFileAsync(Phase.Votes, "Votes.xml", ["Id", "PostId", "VoteTypeId", "CreationDate"], VoteRow, ct))
            yield return r;
        await foreach (var r in ReadFileAsync(Phase.PostLinks, "PostLinks.xml", ["Id", "PostId", "RelatedPostId", "LinkTypeId", "CreationDate"], LinkRow, ct))
            yield return r;

        long position = 0;
        foreach (var (questionId, question) in _posts.Where(p => p.Value is { Type: PostType.Question, AcceptedAnswerId: not null }).OrderBy(p => p.Key))
        {
            position++;
            if (Emits(Phase.Accepted, position))
                yield return Accepted(questionId, question, Cursor(Phase.Accepted, position));
        }

        await foreach (var r in ViewsAsync(ct))
            yield return r;
    }

    private bool Emits(Phase phase, long position) => phase > _resumePhase || (phase == _resumePhase && position > _resumePosition);

    private string Cursor(Phase phase, long position) => new DumpCursor(_fingerprint, (int)phase, position).ToString();

    private async IAsyncEnumerable<SourceRecord> ReadFileAsync(
        Phase phase, string fileName, HashSet<string> attributes, Func<DumpRow, Context, SourceRecord?> map, [EnumeratorCancellation] CancellationToken ct)
    {
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
            yield break;

        await foreach (var row in DumpFile.ReadRowsAsync(path, attributes, ct))
        {
            var cursor = Cursor(phase, row.Ordinal);
            var emit = Emits(phase, row.Ordinal);
            if (row.Broken is not null)
            {
                if (emit)
                {
                    yield return new RejectedRecord(new RecordLocation(fileName, row.Line), cursor,
                        $"malformed XML, the rest of {fileName} is not read: {row.Broken}", null);
                }

                yield break;
            }

            var id = row["Id"];
            var location = id is null ? new RecordLocation(fileName, row.Line) : new RecordLocation($"{fileName} row Id={id}", 0);
            // The row is always mapped (it feeds the index and the as-of time); only its record may be held back.
            var record = map(row, new Context(fileName, location, cursor));
            if (record is not null && emit)
                yield return record;
        }
    }

    private sealed record Context(string FileName, RecordLocation Location, string Cursor)
    {
        public RejectedRecord Reject(string reason) => new(Location, Cursor, reason, null);

        public SkippedRecord Skip(string reason) => new(Location, Cursor, reason);
    }

    private static SourceRecord? UserRow(DumpRow row, Context at)
    {
        if (!DumpFile.TryParseId(row["Id"], out var id))
            return at.Reject(row["Id"] is null ? "row without Id" : $"Id is not a number: '{row["Id"]}'");
        return new AccountRecord(at.Location, at.Cursor, Account(id, Clean(row["DisplayName"])));
    }

    private SourceRecord? PostRow(DumpRow row, Context at)
    {
        if (!DumpFile.TryParseId(row["Id"], out var id))
            return at.Reject(row["Id"] is null ? "row without Id" : $"Id is not a number: '{row["Id"]}'");
        var hasCreated = DumpFile.TryParseDate(row["CreationDate"], out var created);
        var hasLastActivity = DumpFile.TryParseDate(row["LastActivityDate"], out var last);
        if (hasCreated)
            SeeDate(created);
        if (hasLastActivity)
            SeeDate(last);
        if (!DumpFile.TryParseId(row["PostTypeId"], out var typeId))
            return at.Reject($"PostTypeId is missing or not a number: '{row["PostTypeId"]}'");
        if (!hasCreated)
            return at.Reject($"CreationDate is missing or not a date: '{row["CreationDate"]}'");
        int? owner = null;
        if (row["OwnerUserId"] is { } ownerText)
        {
            if (!DumpFile.TryParseId(ownerText, out var ownerId))
                return at.Reject($"OwnerUserId is not a number: '{ownerText}'");
            owner = ownerId;
        }

        var lastActivity = hasLastActivity ? last : created;

        var type = (PostType)typeId;
        int? parent = null;
        if (type == PostType.Answer)
        {
            if (!DumpFile.TryParseId(row["ParentId"], out var parentId))
                return at.Reject($"answer without a valid ParentId: '{row["ParentId"]}'");
            parent = parentId;
        }

        int? accepted = DumpFile.TryParseId(row["AcceptedAnswerId"], out var acceptedId) ? acceptedId : null;
        int? views = DumpFile.TryParseId(row["ViewCount"], out var viewCount) ? viewCount : null;
        var info = new PostInfo(type, owner, accepted, lastActivity, views);
        _posts[id] = info;

        var activity = type switch
        {
            PostType.Question => ActivityType.Asked,
            PostType.Answer => ActivityType.Answered,
            PostType.TagWikiExcerpt or PostType.TagWiki => ActivityType.Authored,
            _ => (ActivityType?)null,
        };
        if (activity is null)
            return at.Skip(SkipPostType);

        var item = new ItemRef(Key(id), info.ItemKind, Clean(row["Title"]), null, owner is null ? null : Account(owner.Value),
            new DateTimeOffset(created), Topics(row["Tags"]), parent is null ? null : Key(parent.Value));
        var record = new ActivityRecord(at.Location, at.Cursor, $"post:{Key(id)}:{activity.Value.Code()}", activity.Value, created,
            item.Author, item);
        // An answer before its question (answers merged into a newer question): items are created once, so it
        // waits until the question exists, or it would never get its parent.
        if (parent is { } questionId && !_posts.ContainsKey(questionId))
        {
            _earlyAnswers.Add(record);
            return null;
        }

        return record;
    }

    private SourceRecord? HistoryRow(DumpRow row, Context at)
    {
        if (row["Id"] is null)
            return at.Reject("row without Id");
        if (!DumpFile.TryParseDate(row["CreationDate"], out var when))
            return at.Reject($"CreationDate is missing or not a date: '{row["CreationDate"]}'");
        SeeDate(when);
        if (!DumpFile.TryParseId(row["PostHistoryTypeId"], out var historyType))
            return at.Reject($"PostHistoryTypeId is missing or not a number: '{row["PostHistoryTypeId"]}'");
        if (historyType is not (4 or 5 or 6))
            return at.Skip("post history rows that are not edits (creation rows are the post itself; rollbacks, closes, locks...)");
        if (!TryPost(row["PostId"], at, out var postId, out var post, out var rejected))
            return rejected;
        if (!Guid.TryParse(row["RevisionGUID"], out var revision))
            return at.Reject($"RevisionGUID is missing or not a GUID: '{row["RevisionGUID"]}'");
        if (!TryUser(row["UserId"], at, out var user, out rejected))
            return rejected;
        if (!post!.Value.IsKnowledge)
            return at.Skip(SkipNotKnowledge);

        // A revision that changes title, body and tags is three rows: one edit.
        var userKey = user?.ExternalId ?? "none";
        var revisionKey = revision.ToString("D");
        if (!_edits.Add((revisionKey, userKey)))
            return at.Skip("further rows of one revision (title, body and tags edited together are one edit)");
        return new ActivityRecord(at.Location, at.Cursor, $"rev:{revisionKey}:{userKey}", ActivityType.Edited, when, user, Item(postId, post.Value));
    }

    private SourceRecord? CommentRow(DumpRow row, Context at)
    {
        if (!DumpFile.TryParseId(row["Id"], out var id))
            return at.Reject(row["Id"] is null ? "row without Id" : $"Id is not a number: '{row["Id"]}'");
        if (!DumpFile.TryParseDate(row["CreationDate"], out var when))
            return at.Reject($"CreationDate is missing or not a date: '{row["CreationDate"]}'");
        SeeDate(when);
        if (!TryPost(row["PostId"], at, out var postId, out var post, out var rejected))
            return rejected;
        if (!TryUser(row["UserId"], at, out var user, out rejected))
            return rejected;
        if (!post!.Value.IsKnowledge)
            return at.Skip(SkipNotKnowledge);
        return new ActivityRecord(at.Location, at.Cursor, $"comment:{Key(id)}", ActivityType.Commented, when, user, Item(postId, post.Value));
    }

    private SourceRecord? VoteRow(DumpRow row, Context at)
    {
        if (!DumpFile.TryParseId(row["Id"], out var id))
            return at.Reject(row["Id"] is null ? "row without Id" : $"Id is not a number: '{row["Id"]}'");
        if (!DumpFile.TryParseDate(row["CreationDate"], out var when))
            return at.Reject($"CreationDate is missing or not a date: '{row["CreationDate"]}'");
        SeeDate(when);
        if (!DumpFile.TryParseId(row["VoteTypeId"], out var voteType))
            return at.Reject($"VoteTypeId is missing or not a number: '{row["VoteTypeId"]}'");
        if (voteType == AcceptVote)
        {
            // Only dates the acceptance; the accepted answer itself is the question's AcceptedAnswerId.
            if (DumpFile.TryParseId(row["PostId"], out var answerId)
                && (!_acceptVotes.TryGetValue(answerId, out var known) || when > known))
                _acceptVotes[answerId] = when;
            return at.Skip("accept votes (they date the acceptance, counted once from the question's accepted answer)");
        }

        if (voteType != UpVote)
            return at.Skip("votes that are not reuse (down-votes, favourites, close and reopen, bounties, spam flags...)");
        if (!TryPost(row["PostId"], at, out var postId, out var post, out var rejected))
            return rejected;
        if (!post!.Value.IsKnowledge)
            return at.Skip(SkipNotKnowledge);
        return new ActivityRecord(at.Location, at.Cursor, $"vote:{Key(id)}", ActivityType.Upvoted, when, null, Item(postId, post.Value));
    }

    private SourceRecord? LinkRow(DumpRow row, Context at)
    {
        if (!DumpFile.TryParseId(row["Id"], out var id))
            return at.Reject(row["Id"] is null ? "row without Id" : $"Id is not a number: '{row["Id"]}'");
        if (!DumpFile.TryParseDate(row["CreationDate"], out var when))
            return at.Reject($"CreationDate is missing or not a date: '{row["CreationDate"]}'");
        SeeDate(when);
        if (!DumpFile.TryParseId(row["LinkTypeId"], out var linkType))
            return at.Reject($"LinkTypeId is missing or not a number: '{row["LinkTypeId"]}'");
        var type = linkType switch
        {
            LinkedLink => ActivityType.Linked,
            DuplicateLink => ActivityType.Duplicate,
            _ => (ActivityType?)null,
        };
        if (type is null)
            return at.Skip("post links that are neither 'linked' nor 'duplicate'");
        if (!DumpFile.TryParseId(row["PostId"], out var fromId))
            return at.Reject($"PostId is missing or not a number: '{row["PostId"]}'");
        if (!TryPost(row["RelatedPostId"], at, out var targetId, out var target, out var rejected))
            return rejected;
        if (!target!.Value.IsKnowledge)
            return at.Skip(SkipNotKnowledge);
        // The target's author is credited even when the linking post was deleted since (it is not in Posts.xml): the
        // link happened; only who made it is unknown, so it counts as anonymous reuse (never cross-team).
        var actor = _posts.TryGetValue(fromId, out var from) && from.Owner is { } owner ? Account(owner) : null;
        return new ActivityRecord(at.Location, at.Cursor, $"postlink:{Key(id)}", type.Value, when, actor, Item(targetId, target.Value));
    }

    private SourceRecord Accepted(int questionId, PostInfo question, string cursor)
    {
        var answerId = question.AcceptedAnswerId!.Value;
        var location = new RecordLocation($"Posts.xml row Id={Key(questionId)}", 0);
        if (!_posts.TryGetValue(answerId, out var answer) || answer.Type != PostType.Answer)
            return new RejectedRecord(location, cursor, $"AcceptedAnswerId {Key(answerId)} is not an answer in Posts.xml", null);
        var when = _acceptVotes.TryGetValue(answerId, out var voted) ? voted : question.LastActivity;
        var actor = question.Owner is { } owner ? Account(owner) : null;
        return new ActivityRecord(location, cursor, $"accepted:{Key(answerId)}", ActivityType.Accepted, when, actor, Item(answerId, answer));
    }

    private async IAsyncEnumerable<SourceRecord> ViewsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (_asOf is not { } asOf)
            yield break;
        long position = 0;
        var questions = _posts.Where(p => p.Value is { Type: PostType.Question, ViewCount: > 0 }).OrderBy(p => p.Key);
        foreach (var chunk in questions.Chunk(ViewChunk))
        {
            var imported = await viewTotals.ForItemsAsync(sourceSystemId, chunk.Select(p => Key(p.Key)).ToList(), ct);
            foreach (var (id, question) in chunk)
            {
                position++;
                var total = question.ViewCount!.Value;
                var added = total - imported.GetValueOrDefault(Key(id));
                if (added <= 0 || !Emits(Phase.Views, position))
                    continue;
                yield return new ActivityRecord(new RecordLocation($"Posts.xml row Id={Key(id)}", 0), Cursor(Phase.Views, position),
                    $"views:{Key(id)}:{Key(total)}", ActivityType.Viewed, asOf, null, Item(id, question), added);
            }
        }
    }

    private bool TryPost(string? text, Context at, out int postId, out PostInfo? post, out SourceRecord? rejected)
    {
        post = null;
        rejected = null;
        if (!DumpFile.TryParseId(text, out postId))
        {
            rejected = at.Reject($"PostId is missing or not a number: '{text}'");
            return false;
        }

        if (!_posts.TryGetValue(postId, out var found))
        {
            rejected = at.Reject($"post {Key(postId)} is not in Posts.xml (deleted, or outside the dump): nobody to credit");
            return false;
        }

        post = found;
        return true;
    }

    private static bool TryUser(string? text, Context at, out AccountRef? user, out SourceRecord? rejected)
    {
        user = null;
        rejected = null;
        if (text is null)
            return true; // a deleted user: the dump keeps only a display name, and nobody is credited
        if (!DumpFile.TryParseId(text, out var id))
        {
            rejected = at.Reject($"UserId is not a number: '{text}'");
            return false;
        }

        user = Account(id);
        return true;
    }

    private void SeeDate(DateTime utc)
    {
        if (_asOf is null || utc > _asOf)
            _asOf = utc;
    }

    private static AccountRef Account(int userId, string? displayName = null)
    {
        var key = Key(userId);
        return new AccountRef(key, displayName, IsBot: key == CommunityUserId);
    }

    private static ItemRef Item(int postId, PostInfo post) =>
        new(Key(postId), post.ItemKind, Author: post.Owner is { } owner ? Account(owner) : null);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Tags as "&lt;a&gt;&lt;b&gt;" (older dumps) or "|a|b|" (newer ones), stored as "a|b".</summary>
    public static string? Topics(string? tags)
    {
        if (string.IsNullOrWhiteSpace(tags))
            return null;
        var names = tags.Split(['<', '>', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names.Length == 0 ? null : string.Join('|', names);
    }

    public const string SkipPostType = "posts of other types (moderator nominations, wiki placeholders, privilege wikis): not knowledge";
    public const string SkipNotKnowledge = "rows about posts that are not knowledge (moderator nominations, wiki placeholders...)";

    private const int AcceptVote = 1;
    private const int UpVote = 2;
    private const int LinkedLink = 1;
    private const int DuplicateLink = 3;

    private enum PostType
    {
        Question = 1,
        Answer = 2,
        TagWikiExcerpt = 4,
        TagWiki = 5,
    }

    private readonly record struct PostInfo(PostType Type, int? Owner, int? AcceptedAnswerId, DateTime LastActivity, int? ViewCount)
    {
        public bool IsKnowledge => Type is PostType.Question or PostType.Answer or PostType.TagWikiExcerpt or PostType.TagWiki;

        public string ItemKind => Type switch
        {
            PostType.Question => "question",
            PostType.Answer => "answer",
            PostType.TagWikiExcerpt => "tag-wiki-excerpt",
            PostType.TagWiki => "tag-wiki",
            _ => "post",
        };
    }
}

/// <summary>Builds the connector with what it reads back from the database: the views already imported.</summary>
public sealed class StackExchangeConnectorFactory(IServiceScopeFactory scopes) : ISourceConnectorFactory
{
    public string Kind => StackExchangeConnector.KindName;

    public ISourceConnector Create(string location) =>
        throw new InvalidOperationException("The Stack Exchange connector subtracts views already imported: build it for a stored source.");

    public ISourceConnector Create(SourceSystem source, string location) =>
        new StackExchangeConnector(location, source.Id, new ImportedViewTotals(scopes));
}

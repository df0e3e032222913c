using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using Analytics.Domain.Knowledge;
using Analytics.Jobs.Ingestion;

namespace Analytics.Jobs.Connectors.MediaWiki;

/// <summary>
/// A MediaWiki XML export (Special:Export or a dump, schema 0.3 to 0.11), streamed page by page
/// (docs/connectors.md): every revision is an edit of its contributor, the first revision of a page
/// its creation; IP and hidden contributors stay anonymous; redirects are skipped. The cursor is the last
/// page committed, tied to this export's fingerprint.
/// </summary>
public sealed class MediaWikiConnector(string path) : ISourceConnector
{
    public const string KindName = "mediawiki";
    public const string ItemKind = "page";
    public const string MainNamespace = "Main";
    public const string SkipRedirect = "revisions of redirect pages (a pointer to another page, not knowledge)";

    public string Kind => KindName;

    public async IAsyncEnumerable<SourceRecord> ReadAsync(SourceCursor since, [EnumeratorCancellation] CancellationToken ct)
    {
        var fingerprint = await ExportFingerprint.OfFileAsync(path, ct);
        var resumeAfter = ExportFingerprint.ResumeAfter(since.Value, fingerprint);
        var fileName = Path.GetFileName(path);
        var previousCursor = resumeAfter > 0 ? since.Value : null;

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var xml = XmlReader.Create(stream, MediaWikiExportReader.Settings);
        var export = new MediaWikiExportReader(xml);

        var (opened, openFailure) = await TryAsync(export.OpenAsync);
        if (openFailure is not null)
        {
            yield return Unreadable(path, openFailure, xml, previousCursor);
            yield break;
        }

        if (!opened)
            throw new InvalidDataException($"{fileName}: the root element is <{export.RootName}>, not <mediawiki>: this is not a MediaWiki XML export.");

        long ordinal = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var skip = ordinal + 1 <= resumeAfter;
            var (page, failure) = await TryAsync(() => export.NextPageAsync(skip));
            if (failure is not null)
            {
                yield return Unreadable(path, failure, xml, previousCursor);
                yield break;
            }

            if (page is null)
                yield break;
            ordinal++;
            if (skip)
                continue;

            var records = MapPage(page, export.Site, fileName);
            var pageCursor = ExportFingerprint.Cursor(fingerprint, ordinal);
            for (var i = 0; i < records.Count; i++)
                yield return records[i] with { CursorAfter = i == records.Count - 1 ? pageCursor : previousCursor };
            if (records.Count > 0)
                previousCursor = pageCursor;
        }
    }

    /// <summary>One page's records, in time order; the cursor is set by the caller.</summary>
    internal static List<SourceRecord> MapPage(MediaWikiPage page, MediaWikiSite site, string fileName)
    {
        var records = new List<SourceRecord>();
        if (page.IsRedirect)
        {
            // A redirect is a pointer to another page, not knowledge: its revisions are counted as skipped, not imported.
            if (page.Revisions.Count > 0)
                records.Add(new SkippedRecord(new RecordLocation(fileName, page.Line), null, SkipRedirect, page.Revisions.Count));
            return records;
        }

        var pageLocation = new RecordLocation(fileName, page.Line);
        var pageExcerpt = $"<page> id={page.Id ?? "?"} title={page.Title ?? "?"}";
        if (!long.TryParse(page.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var pageId) || pageId <= 0)
        {
            records.Add(new RejectedRecord(pageLocation, null, $"page without a valid <id> ('{page.Id}'): its {page.Revisions.Count} revision(s) are not imported", pageExcerpt));
            return records;
        }

        if (string.IsNullOrWhiteSpace(page.Title))
        {
            records.Add(new RejectedRecord(pageLocation, null, $"page {pageId} has no <title>: its {page.Revisions.Count} revision(s) are not imported", pageExcerpt));
            return records;
        }

        var valid = new List<(MediaWikiRevision Revision, long Id, DateTime At)>();
        foreach (var revision in page.Revisions)
        {
            var location = new RecordLocation(fileName, revision.Line);
            var excerpt = $"<revision> id={revision.Id ?? "?"} timestamp={revision.Timestamp ?? "?"} of page {pageId} '{page.Title}'";
            if (!long.TryParse(revision.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var revisionId) || revisionId <= 0)
                records.Add(new RejectedRecord(location, null, $"revision without a valid <id> ('{revision.Id}')", excerpt));
            else if (revision.Timestamp is null)
                records.Add(new RejectedRecord(location, null, $"revision {revisionId} has no <timestamp>", excerpt));
            else if (!TryParseTimestamp(revision.Timestamp, out var at))
                records.Add(new RejectedRecord(location, null, $"revision {revisionId}: <timestamp> is not an ISO 8601 UTC time: '{revision.Timestamp}'", excerpt));
            else
                valid.Add((revision, revisionId, at));
        }

        valid.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Id.CompareTo(b.Id));

        // The creation is the earliest revision, when it has no parent: exports that carry <parentid> omit it
        // only on a page's first revision, so a current-revision-only export credits no creation. The oldest
        // schemas have no <parentid> at all: there the earliest revision exported is taken as the creation.
        var first = valid.Count > 0 ? valid[0] : default;
        var creation = valid.Count > 0 && IsRoot(first.Revision.ParentId) ? first.Revision : null;
        var creator = creation is null ? null : Actor(creation.Contributor);
        var item = new ItemRef(
            pageId.ToString(CultureInfo.InvariantCulture), ItemKind, page.Title,
            PageUrl(site, page.Title), creator, creation is null ? null : new DateTimeOffset(first.At, TimeSpan.Zero),
            Topic(site, page));

        foreach (var (revision, revisionId, at) in valid)
        {
            records.Add(new ActivityRecord(
                new RecordLocation(fileName, revision.Line), null,
                string.Create(CultureInfo.InvariantCulture, $"rev:{revisionId}"),
                ReferenceEquals(revision, creation) ? ActivityType.Authored : ActivityType.Edited,
                at, Actor(revision.Contributor), item));
        }

        return records;
    }

    private static bool IsRoot(string? parentId) => string.IsNullOrEmpty(parentId) || parentId == "0";

    /// <summary>
    /// The user id is the account key (stable across renames); revisions imported from another wiki carry
    /// user id 0 and are keyed by name. IP addresses and hidden (revision-deleted) users have no account.
    /// </summary>
    private static AccountRef? Actor(MediaWikiContributor? contributor)
    {
        if (contributor is null || contributor.Deleted || contributor.Username is null)
            return null;
        var key = long.TryParse(contributor.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : contributor.Username;
        return new AccountRef(key, contributor.Username, Username: contributor.Username);
    }

    private static string Topic(MediaWikiSite site, MediaWikiPage page)
    {
        int number;
        if (page.Namespace is not null && int.TryParse(page.Namespace, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ns))
        {
            number = ns;
        }
        else
        {
            // Before schema 0.6 a page has no <ns>: its namespace is the title's prefix, if the site declares it.
            var colon = page.Title!.IndexOf(':', StringComparison.Ordinal);
            var prefix = colon > 0 ? page.Title[..colon] : null;
            number = site.Namespaces.FirstOrDefault(n => n.Key != 0 && string.Equals(n.Value, prefix, StringComparison.OrdinalIgnoreCase)).Key;
        }

        if (number == 0)
            return MainNamespace;
        return site.Namespaces.TryGetValue(number, out var name) && name.Length > 0 ? name : number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The page's address as MediaWiki writes it (spaces as underscores, wfUrlencode's safe characters kept).</summary>
    public static string? PageUrl(MediaWikiSite site, string title)
    {
        if (site.ArticlePathPrefix is null)
            return null;
        var escaped = new StringBuilder(Uri.EscapeDataString(title.Replace(' ', '_')));
        foreach (var (code, keep) in SafeCharacters)
            escaped.Replace(code, keep);
        return site.ArticlePathPrefix + escaped;
    }

    private static readonly (string Code, string Keep)[] SafeCharacters =
        [("%3B", ";"), ("%40", "@"), ("%24", "$"), ("%21", "!"), ("%2A", "*"), ("%28", "("), ("%29", ")"), ("%2C", ","), ("%2F", "/"), ("%7E", "~"), ("%3A", ":")];

    private static bool TryParseTimestamp(string text, out DateTime utc)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value);
        utc = ok ? value.UtcDateTime : default;
        return ok && text.Contains('T', StringComparison.Ordinal);
    }

    private static RejectedRecord Unreadable(string path, XmlException error, XmlReader reader, string? cursor)
    {
        var isDtd = error.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
        var line = error.LineNumber > 0 ? error.LineNumber : reader is IXmlLineInfo { LineNumber: > 0 } info ? info.LineNumber : 0;
        if (line == 0 && isDtd)
            line = DoctypeLine(path);
        var location = new RecordLocation(Path.GetFileName(path), line);
        var reason = isDtd
            ? "the export declares a DTD (<!DOCTYPE>): DTDs are refused, and with them external entities (XXE) and entity expansion; nothing after this point was read"
            : $"not well-formed XML ({error.Message}); nothing after this point was read";
        return new RejectedRecord(location, cursor, reason, error.Message);
    }

    /// <summary>The refusal of a DTD carries no line: it is the line of the DOCTYPE, near the top.</summary>
    private static int DoctypeLine(string path)
    {
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var line = 0;
        while (line < 1000 && text.ReadLine() is { } content)
        {
            line++;
            if (content.Contains("<!DOCTYPE", StringComparison.Ordinal))
                return line;
        }

        return 0;
    }

    // A malformed export is a rejection at its line, not a failed run: the pages before it are kept.
    private static async Task<(T? Value, XmlException? Failure)> TryAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return (await read(), null);
        }
        catch (XmlException ex)
        {
            return (default, ex);
        }
    }
}

public sealed class MediaWikiConnectorFactory : ISourceConnectorFactory
{
    public string Kind => MediaWikiConnector.KindName;

    public ISourceConnector Create(string location) => new MediaWikiConnector(location);
}

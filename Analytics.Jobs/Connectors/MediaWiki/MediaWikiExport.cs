using System.Xml;

namespace Analytics.Jobs.Connectors.MediaWiki;

/// <summary>What a MediaWiki export says about the wiki: where its pages live and the names of its namespaces.</summary>
public sealed record MediaWikiSite(string? ArticlePathPrefix, IReadOnlyDictionary<int, string> Namespaces)
{
    public static MediaWikiSite Unknown { get; } = new(null, new Dictionary<int, string>());
}

public sealed record MediaWikiContributor(string? Username, string? UserId, string? Ip, bool Deleted);

public sealed record MediaWikiRevision(int Line, string? Id, string? ParentId, string? Timestamp, MediaWikiContributor? Contributor);

public sealed record MediaWikiPage(int Line, string? Title, string? Namespace, string? Id, bool IsRedirect, IReadOnlyList<MediaWikiRevision> Revisions);

/// <summary>
/// Streams the pages of a MediaWiki XML export (schema 0.3 to 0.11) one at a time: only the metadata of a
/// page's revisions is kept, their text is skipped, so memory does not grow with the dump.
/// </summary>
public sealed class MediaWikiExportReader(XmlReader reader)
{
    private int _rootDepth = -1;

    public string? SchemaVersion { get; private set; }
    public MediaWikiSite Site { get; private set; } = MediaWikiSite.Unknown;

    public static XmlReaderSettings Settings { get; } = new()
    {
        // A dump is data, never a document with a DTD: refusing DTDs refuses external entities (XXE) and
        // entity expansion ("billion laughs") with them.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        Async = true,
    };

    /// <summary>Moves to the root element; false when it is not a MediaWiki export.</summary>
    public async Task<bool> OpenAsync()
    {
        await reader.MoveToContentAsync();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "mediawiki")
            return false;
        SchemaVersion = reader.GetAttribute("version");
        _rootDepth = reader.Depth;
        if (reader.IsEmptyElement)
            return true;
        await reader.ReadAsync();
        return true;
    }

    public string RootName => reader.LocalName;

    /// <summary>The next page, or null at the end; with <paramref name="skip"/> only its line is read.</summary>
    public async Task<MediaWikiPage?> NextPageAsync(bool skip)
    {
        while (!reader.EOF && reader.Depth > _rootDepth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync();
                continue;
            }

            switch (reader.LocalName)
            {
                case "siteinfo":
                    Site = await ReadSiteInfoAsync();
                    break;
                case "page":
                    var line = Line();
                    if (!skip)
                        return await ReadPageAsync(line);
                    await reader.SkipAsync();
                    return new MediaWikiPage(line, null, null, null, false, []);
                default:
                    await reader.SkipAsync();
                    break;
            }
        }

        return null;
    }

    private async Task<MediaWikiSite> ReadSiteInfoAsync()
    {
        string? prefix = null;
        var namespaces = new Dictionary<int, string>();
        await ForEachChildAsync(async name =>
        {
            switch (name)
            {
                case "base":
                    prefix = ArticlePathPrefix(await reader.ReadElementContentAsStringAsync());
                    return true;
                case "namespaces":
                    await ForEachChildAsync(async child =>
                    {
                        if (child != "namespace")
                            return false;
                        var key = reader.GetAttribute("key");
                        var text = await reader.ReadElementContentAsStringAsync();
                        if (int.TryParse(key, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
                            namespaces[number] = text.Trim();
                        return true;
                    });
                    return true;
                default:
                    return false;
            }
        });
        return new MediaWikiSite(prefix, namespaces);
    }

    private async Task<MediaWikiPage> ReadPageAsync(int line)
    {
        string? title = null, ns = null, id = null;
        var redirect = false;
        var revisions = new List<MediaWikiRevision>();
        await ForEachChildAsync(async name =>
        {
            switch (name)
            {
                case "title":
                    title = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "ns":
                    ns = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "id":
                    id = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "redirect":
                    redirect = true;
                    return false;
                case "revision":
                    revisions.Add(await ReadRevisionAsync());
                    return true;
                default:
                    return false;
            }
        });
        return new MediaWikiPage(line, title?.Trim(), ns?.Trim(), id?.Trim(), redirect, revisions);
    }

    private async Task<MediaWikiRevision> ReadRevisionAsync()
    {
        var line = Line();
        string? id = null, parentId = null, timestamp = null;
        MediaWikiContributor? contributor = null;
        await ForEachChildAsync(async name =>
        {
            switch (name)
            {
                case "id":
                    id = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "parentid":
                    parentId = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "timestamp":
                    timestamp = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "contributor":
                    contributor = await ReadContributorAsync();
                    return true;
                default:
                    return false;
            }
        });
        return new MediaWikiRevision(line, id?.Trim(), parentId?.Trim(), timestamp?.Trim(), contributor);
    }

    private async Task<MediaWikiContributor> ReadContributorAsync()
    {
        var deleted = reader.GetAttribute("deleted") is not null;
        string? username = null, userId = null, ip = null;
        await ForEachChildAsync(async name =>
        {
            switch (name)
            {
                case "username":
                    username = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "id":
                    userId = await reader.ReadElementContentAsStringAsync();
                    return true;
                case "ip":
                    ip = await reader.ReadElementContentAsStringAsync();
                    return true;
                default:
                    return false;
            }
        });
        return new MediaWikiContributor(Clean(username), Clean(userId), Clean(ip), deleted);
    }

    /// <summary>
    /// Calls <paramref name="onChild"/> on each child element of the current element, which returns true when
    /// it consumed the child and false to have it skipped; leaves the reader after the element's end.
    /// </summary>
    private async Task ForEachChildAsync(Func<string, Task<bool>> onChild)
    {
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync();
            return;
        }

        var depth = reader.Depth;
        await reader.ReadAsync();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync();
                continue;
            }

            if (!await onChild(reader.LocalName))
                await reader.SkipAsync();
        }

        if (reader.NodeType == XmlNodeType.EndElement)
            await reader.ReadAsync();
    }

    private int Line() => reader is IXmlLineInfo info ? info.LineNumber : 0;

    /// <summary>"https://wiki.example.com/wiki/Main_Page" → "https://wiki.example.com/wiki/".</summary>
    private static string? ArticlePathPrefix(string value)
    {
        var text = value.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return null;
        var slash = text.LastIndexOf('/');
        return slash < 0 ? null : text[..(slash + 1)];
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Connectors.Slack;

/// <summary>
/// The addresses of the knowledge items already stored (any source), so that a link in a message can be credited
/// to the item's author. Addresses are compared without scheme, fragment, default port or trailing slash,
/// with host case and percent-escapes normalised: the forms people paste differ in exactly these.
/// </summary>
public sealed class KnownItemUrls(IReadOnlyDictionary<string, long> byUrl)
{
    public static async Task<KnownItemUrls> LoadAsync(AnalyticsDbContext db, CancellationToken ct)
    {
        var rows = await db.KnowledgeItems.AsNoTracking().Where(i => i.Url != null)
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Url }).ToListAsync(ct);
        var byUrl = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (Key(row.Url!) is { } key)
                byUrl.TryAdd(key, row.Id);
        }

        return new KnownItemUrls(byUrl);
    }

    public long? Find(string url) => Key(url) is { } key && byUrl.TryGetValue(key, out var id) ? id : null;

    public static string? Key(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return null;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Host.ToLowerInvariant()}{port}{path}{uri.Query}";
    }
}

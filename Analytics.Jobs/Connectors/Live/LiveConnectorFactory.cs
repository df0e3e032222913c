using Analytics.Domain.Sources;
using Analytics.Jobs.Ingestion;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>
/// Builds a live connector for a stored source from its configuration (LiveSources:{name}) and its named HttpClient;
/// each run gets fresh counters. The stored location is only shown: the address used is the configured one.
/// <paramref name="notFoundHint"/>: what a 404 of this kind's API may mean besides "not there" (LiveHttp).
/// </summary>
public sealed class LiveConnectorFactory(string kind, LiveSourceCatalog catalog, IHttpClientFactory clients, TimeProvider clock,
    Func<LiveHttp, LiveSourceOptions, TimeProvider, SourceSystem, ISourceConnector> create, string? notFoundHint = null) : ISourceConnectorFactory
{
    public string Kind => kind;

    public ISourceConnector Create(string location) =>
        throw new InvalidOperationException($"A {kind} source is declared in configuration (LiveSources:NAME), then synced with `analytics sync --source NAME`.");

    public ISourceConnector Create(SourceSystem source, string location)
    {
        var options = catalog.Get(source.Name);
        if (options.Kind != kind)
            throw new InvalidOperationException($"LiveSources:{source.Name} is of kind '{options.Kind}', the stored source of kind '{kind}'.");
        var http = new LiveHttp(clients.CreateClient(LiveSourceKinds.HttpClientName(source.Name)), options, source.Name, new FetchStats(), notFoundHint);
        return create(http, options, clock, source);
    }
}

/// <summary>The incremental window of a live source: from the stored time minus the overlap, so late edits are read again.</summary>
public static class LiveCursor
{
    public static DateTimeOffset? Since(string? cursor, string prefix, TimeSpan overlap)
    {
        if (cursor is null || !cursor.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        return DateTimeOffset.TryParse(cursor.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - overlap
            : null;
    }

    public static string Format(string prefix, DateTimeOffset at) =>
        prefix + at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
}

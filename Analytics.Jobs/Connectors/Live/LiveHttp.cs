using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Analytics.Jobs.Ingestion;
using Polly.Timeout;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>Carries the run's counters on each request, so the shared (pooled) handlers count for the right run.</summary>
public static class LiveRequests
{
    private static readonly HttpRequestOptionsKey<FetchStats> StatsKey = new("analytics.fetch-stats");

    public static void Attach(HttpRequestMessage request, FetchStats stats) => request.Options.Set(StatsKey, stats);

    public static FetchStats? StatsOf(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(StatsKey, out var stats) ? stats : null;
}

/// <summary>A response the connector reads: its status (only tolerated failures reach the connector), body and headers.</summary>
public sealed class LivePage(HttpStatusCode status, JsonDocument? body, HttpResponseHeaders headers) : IDisposable
{
    public HttpStatusCode Status => status;
    public bool Ok => (int)status is >= 200 and < 300;
    public JsonElement Body => body?.RootElement ?? default;
    public HttpResponseHeaders Headers => headers;

    public void Dispose() => body?.Dispose();
}

/// <summary>
/// The GETs of one run of one live source: the source's named HttpClient (retries, timeouts, rate limits), its
/// credentials from configuration, and errors turned into words. A 401/403 stops the run naming the permission the
/// connector needed for that request; other failures after the retries stop it naming the address (never a secret:
/// credentials travel in headers only). <paramref name="notFoundHint"/> is the connector's word on what a 404 may hide (GitHub
/// answers 404 for a private repository the token may not read); without one a 404 names no vendor.
/// </summary>
public sealed class LiveHttp(HttpClient client, LiveSourceOptions options, string sourceName, FetchStats stats, string? notFoundHint = null)
{
    public FetchStats Stats => stats;

    public Uri BaseUrl => options.BaseUrl!;

    public Task<LivePage> GetAsync(Uri uri, string permission, CancellationToken ct, params HttpStatusCode[] tolerated) =>
        SendAsync(HttpMethod.Get, uri, null, permission, tolerated, ct);

    /// <summary>A POST of a JSON body that only reads (a GraphQL query): safe to send again, so retries and rate-limit waits apply as to a GET.</summary>
    public Task<LivePage> PostJsonAsync(Uri uri, string json, string permission, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, uri, json, permission, [], ct);

    private async Task<LivePage> SendAsync(HttpMethod method, Uri uri, string? requestJson, string permission, HttpStatusCode[] tolerated, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (requestJson is not null)
            request.Content = new StringContent(requestJson, Encoding.UTF8, "application/json");
        Authorize(request);
        LiveRequests.Attach(request, stats);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new LiveSourceException($"Source '{sourceName}': could not reach {uri.GetLeftPart(UriPartial.Path)}: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new LiveSourceException($"Source '{sourceName}': {uri.GetLeftPart(UriPartial.Path)} did not answer within {options.RequestTimeout.TotalSeconds:0} s, {options.MaxRetries} retries included.", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                stats.PageRead();
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                var json = response.Content.Headers.ContentLength == 0 ? null : await JsonDocument.ParseAsync(body, cancellationToken: ct);
                return new LivePage(response.StatusCode, json, response.Headers);
            }

            if (tolerated.Contains(response.StatusCode))
                return new LivePage(response.StatusCode, null, response.Headers);

            var what = $"Source '{sourceName}': {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}";
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new SourcePermissionException(
                    $"{what}: the credentials were refused (missing, expired or wrong: check LiveSources:{sourceName}:{(options.Token is null ? "Username/Password" : "Token")}). Needed: {permission}."),
                HttpStatusCode.Forbidden => new SourcePermissionException(
                    $"{what}: the account lacks a permission. Needed: {permission}."),
                HttpStatusCode.NotFound => new LiveSourceException(
                    $"{what}: it does not exist, or the account cannot see it{(notFoundHint is null ? "" : $" ({notFoundHint})")}. Needed: {permission}."),
                _ => new LiveSourceException((int)response.StatusCode >= 500
                    ? $"{what} after {options.MaxRetries} retries."
                    : $"{what}."),
            };
        }
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (options.Token is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (options.Username is { } user && options.Password is { } password)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }
}

/// <summary>The live source refused the credentials or lacks a permission: the run stops, the message names the permission.</summary>
public sealed class SourcePermissionException(string message) : UnauthorizedAccessException(message);

/// <summary>The live source could not be read (unreachable, 5xx after the retries, an unexpected answer): the run stops.</summary>
public sealed class LiveSourceException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

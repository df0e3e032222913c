using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Analytics.Jobs.Connectors.Live;

/// <summary>Waits a rate limit out. Tests replace it so that an hour's wait takes no time (and moves a fake clock).</summary>
public interface IRateLimitDelay
{
    Task DelayAsync(TimeSpan wait, CancellationToken ct);
}

public sealed class ClockRateLimitDelay(TimeProvider clock) : IRateLimitDelay
{
    public Task DelayAsync(TimeSpan wait, CancellationToken ct) => Task.Delay(wait, clock, ct);
}

/// <summary>
/// Honours the vendors' rate limits by waiting, not by failing: a 429 (or a GitHub 403 that says the limit is spent)
/// waits for Retry-After, else X-RateLimit-Reset, and is sent again; a successful response whose X-RateLimit-Remaining is
/// 0 waits for the reset before the next request. It sits outside the retry pipeline, so a long wait is never cut short
/// by the per-attempt timeout, and retries of 5xx never spend a rate-limited budget.
/// </summary>
public sealed class RateLimitHandler(LiveSourceOptions options, IRateLimitDelay delay, TimeProvider clock, ILogger<RateLimitHandler> logger)
    : DelegatingHandler
{
    /// <summary>When neither header says how long: a minute, as GitHub asks for its secondary limits.</summary>
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var stats = LiveRequests.StatsOf(request);
        for (var waits = 0; ; waits++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var limited = IsRateLimited(response);
            var spent = !limited && response.IsSuccessStatusCode && Header(response, "X-RateLimit-Remaining") == "0";
            if (!limited && !spent)
                return response;

            var wait = WaitFor(response);
            if (wait > options.MaxRateLimitWait)
            {
                response.Dispose();
                throw new RateLimitExceededException(
                    $"{request.RequestUri?.Host} asks to wait {Describe(wait)} for its rate limit, longer than MaxRateLimitWait ({Describe(options.MaxRateLimitWait)}); the next run continues from the cursor.");
            }

            if (limited && waits >= options.MaxRateLimitWaitsPerRequest)
            {
                response.Dispose();
                throw new RateLimitExceededException(
                    $"{request.RequestUri?.Host} still answered {(int)response.StatusCode} (rate limited) after {waits} waits; the next run continues from the cursor.");
            }

            logger.LogInformation("Rate limit of {Host}: waiting {Seconds} s", request.RequestUri?.Host, (int)wait.TotalSeconds);
            stats?.AddRateLimitWait(wait);
            if (spent)
            {
                // The response is good; wait now so that the next request is not refused.
                await delay.DelayAsync(wait, cancellationToken);
                return response;
            }

            response.Dispose();
            await delay.DelayAsync(wait, cancellationToken);
        }
    }

    private static bool IsRateLimited(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.Forbidden
            && (Header(response, "X-RateLimit-Remaining") == "0" || response.Headers.RetryAfter is not null));

    private TimeSpan WaitFor(HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        if (response.Headers.RetryAfter is RetryConditionHeaderValue retryAfter)
        {
            if (retryAfter.Delta is { } delta)
                return Positive(delta);
            if (retryAfter.Date is { } date)
                return Positive(date - now);
        }

        // X-RateLimit-Reset: GitHub's is epoch seconds; Atlassian's is an ISO 8601 time.
        if (Header(response, "X-RateLimit-Reset") is { } reset)
        {
            if (long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
                return Positive(DateTimeOffset.FromUnixTimeSeconds(epoch) - now);
            if (DateTimeOffset.TryParse(reset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return Positive(at - now);
        }

        return DefaultWait;
    }

    // A reset already past (clocks differ) still waits a second, so the request is not repeated in a tight loop.
    private static TimeSpan Positive(TimeSpan wait) => wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static string Describe(TimeSpan wait) => wait.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}

/// <summary>A rate limit longer than the run may wait: the run stops, what it committed stays.</summary>
public sealed class RateLimitExceededException(string message) : InvalidOperationException(message);

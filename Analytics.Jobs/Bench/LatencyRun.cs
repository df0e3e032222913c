using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Analytics.Jobs.Bench;

/// <summary>One URL to measure; requests of the same <paramref name="Group"/> are reported together.</summary>
public sealed record LatencyTarget(string Group, string Path);

/// <summary>Latencies of one group: nearest-rank percentiles over every request, throughput over the run's duration.</summary>
public sealed record LatencyFigures(string Group, int Requests, int Errors, double P50, double P95, double P99, double RequestsPerSecond, IReadOnlyList<string> FirstErrors)
{
    public static LatencyFigures From(string group, List<double> milliseconds, List<string> errors, TimeSpan duration)
    {
        milliseconds.Sort();
        return new LatencyFigures(group, milliseconds.Count, errors.Count,
            Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.95), Percentile(milliseconds, 0.99),
            milliseconds.Count / duration.TotalSeconds, errors.Take(5).ToList());
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>
/// The measuring client of `bench web` and `bench load`: one signed-in HttpClient (cookie container, no automatic
/// redirects, so a redirect to the sign-in form counts as an error), N concurrent loops for a fixed time, each
/// request timed with a Stopwatch up to the last byte of the body. Any status outside 2xx, or an exception, is an error.
/// </summary>
public sealed partial class LatencyRun : IDisposable
{
    private readonly HttpClient _client;

    public LatencyRun(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };
        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
    }

    /// <summary>Signs in through the app's own form: anti-forgery token from the GET, then the POST; success is a redirect with the auth cookie.</summary>
    public async Task SignInAsync(string userName, string password, CancellationToken ct)
    {
        var form = await _client.GetStringAsync("/Account/SignIn", ct);
        var token = AntiForgeryToken().Match(form);
        if (!token.Success)
            throw new InvalidOperationException("The sign-in form has no anti-forgery token.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        });
        using var response = await _client.PostAsync("/Account/SignIn", content, ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}, not a redirect.");
    }

    /// <summary>
    /// Requests each target <paramref name="times"/> times, in turn, and fails on the first error: JIT, query compilation
    /// and caches before measuring. Returns each target's first latency: the figures computed with nothing cached.
    /// </summary>
    public async Task<IReadOnlyList<(LatencyTarget Target, double FirstMilliseconds)>> WarmUpAsync(IEnumerable<LatencyTarget> targets, int times, CancellationToken ct)
    {
        var first = new List<(LatencyTarget, double)>();
        foreach (var target in targets)
        {
            for (var i = 0; i < times; i++)
            {
                var (ms, error) = await SendAsync(target, ct);
                if (error is not null)
                    throw new InvalidOperationException($"Warm-up of {target.Path} failed: {error}");
                if (i == 0)
                    first.Add((target, ms));
            }
        }

        return first;
    }

    /// <summary>
    /// The latency of each target's first request after the data changed, in a process that has served it before (code
    /// compiled, queries prepared): before each request <paramref name="changeData"/> commits a change, so the figures are
    /// computed again, as after a sync. <paramref name="rounds"/> rounds over the targets in turn; every latency per target.
    /// </summary>
    public async Task<IReadOnlyList<(LatencyTarget Target, IReadOnlyList<double> Milliseconds)>> AfterNewDataAsync(
        IReadOnlyList<LatencyTarget> targets, Func<CancellationToken, Task> changeData, int rounds, CancellationToken ct)
    {
        var latencies = targets.ToDictionary(t => t, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in targets)
            {
                await changeData(ct);
                var (ms, error) = await SendAsync(target, ct);
                if (error is not null)
                    throw new InvalidOperationException($"After new data, {target.Path} failed: {error}");
                latencies[target].Add(ms);
            }
        }

        return [.. targets.Select(t => (t, (IReadOnlyList<double>)latencies[t]))];
    }

    /// <summary>
    /// <paramref name="clients"/> loops, each requesting the targets round-robin (starting at its own offset) until
    /// <paramref name="duration"/> has passed and <paramref name="until"/> (if given) has completed; figures per group.
    /// </summary>
    public async Task<IReadOnlyList<LatencyFigures>> RunAsync(IReadOnlyList<LatencyTarget> targets, int clients, TimeSpan duration, CancellationToken ct,
        Task? until = null, bool perPath = false)
    {
        var groups = targets.Select(t => t.Group).Distinct(StringComparer.Ordinal).ToList();
        // With perPath, each route's own figures follow the groups' (named "  " + path).
        var keys = perPath ? groups.Concat(targets.Select(t => "  " + t.Path).Distinct(StringComparer.Ordinal)).ToList() : groups;
        var watch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var latencies = keys.ToDictionary(g => g, _ => new List<double>(), StringComparer.Ordinal);
            var errors = keys.ToDictionary(g => g, _ => new List<string>(), StringComparer.Ordinal);
            for (var n = client; watch.Elapsed < duration || until?.IsCompleted == false; n++)
            {
                var target = targets[n % targets.Count];
                var (ms, error) = await SendAsync(target, ct);
                foreach (var key in perPath ? new[] { target.Group, "  " + target.Path } : [target.Group])
                {
                    latencies[key].Add(ms);
                    if (error is not null)
                        errors[key].Add(error);
                }
            }

            return (latencies, errors);
        }, ct)).ToList();
        var results = await Task.WhenAll(loops);
        var elapsed = watch.Elapsed;
        return keys.Select(g => LatencyFigures.From(g,
            results.SelectMany(r => r.latencies[g]).ToList(),
            results.SelectMany(r => r.errors[g]).ToList(), elapsed)).ToList();
    }

    private async Task<(double Milliseconds, string? Error)> SendAsync(LatencyTarget target, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.GetAsync(target.Path, HttpCompletionOption.ResponseContentRead, ct);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return ((int)response.StatusCode is >= 200 and < 300)
                ? (ms, null)
                : (ms, string.Create(CultureInfo.InvariantCulture, $"{target.Path}: {(int)response.StatusCode} {response.Headers.Location}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, $"{target.Path}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The figures as a plain table, one line per group.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<LatencyFigures> figures, Func<LatencyFigures, string>? extra = null, string extraHeader = "")
    {
        var inv = CultureInfo.InvariantCulture;
        yield return string.Create(inv, $"  {"target",-28} {"requests",9} {"errors",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"req/s",8}  {extraHeader}").TrimEnd();
        foreach (var f in figures)
        {
            yield return string.Create(inv, $"  {f.Group,-28} {f.Requests,9:N0} {f.Errors,7:N0} {f.P50,8:0.0} {f.P95,8:0.0} {f.P99,8:0.0} {f.RequestsPerSecond,8:0.0}  {extra?.Invoke(f)}").TrimEnd();
            foreach (var error in f.FirstErrors)
                yield return "      error: " + error;
        }
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}

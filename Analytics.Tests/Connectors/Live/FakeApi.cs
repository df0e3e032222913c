using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Analytics.Tests.Connectors.Live;

/// <summary>
/// A vendor API faked on real Kestrel at 127.0.0.1 and a free port: the test's handler answers, and faults queued by the
/// test (a 429 with Retry-After, a 500, a 403) answer first the next request they match, once each.
/// </summary>
public sealed class FakeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();

    private FakeApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request as "GET /path?query", in order, faults included.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The Authorization header of every request (null when absent).</summary>
    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public static async Task<FakeApi> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeApi? api = null;
        app.Run(async context =>
        {
            api!.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            api.Authorizations.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
            if (api.TakeFault(context.Request) is { } fault)
            {
                context.Response.StatusCode = fault.Status;
                foreach (var (name, value) in fault.Headers)
                    context.Response.Headers[name] = value;
                await context.Response.WriteAsync(fault.Body);
                return;
            }

            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).First();
        api = new FakeApi(app, address);
        return api;
    }

    /// <summary>The next request whose path and query contain <paramref name="match"/> gets this answer instead.</summary>
    public void FailNext(string match, int status, IReadOnlyDictionary<string, string>? headers = null, string body = "{}") =>
        _faults.Enqueue(new Fault(match, status, headers ?? new Dictionary<string, string>(), body));

    private Fault? TakeFault(HttpRequest request)
    {
        var target = $"{request.Path}{request.QueryString}";
        lock (_faults)
        {
            if (!_faults.TryPeek(out var fault) || !target.Contains(fault.Match, StringComparison.Ordinal))
                return null;
            _faults.TryDequeue(out _);
            return fault;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Fault(string Match, int Status, IReadOnlyDictionary<string, string> Headers, string Body);
}

using System.Text.RegularExpressions;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>One thing the running app answers: a GET route, or a state-changing method on a route (a Razor Pages handler, a minimal API POST).</summary>
public sealed record AppRoute(string Method, string Template, string? Handler)
{
    public override string ToString() => Handler is null ? $"{Method} {Template}" : $"{Method} {Template}?handler={Handler}";
}

/// <summary>
/// Every route of the running app, read from its <see cref="EndpointDataSource"/>: minimal API routes with
/// their methods, Razor pages with their handler methods (loaded through <see cref="PageLoader"/>), and
/// method-less endpoints (the Hangfire dashboard) as both GET and POST.
/// </summary>
public static partial class EndpointInventory
{
    private static readonly string[] StateChanging = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    public static async Task<IReadOnlyList<AppRoute>> ReadAsync(AnalyticsWebFactory web)
    {
        var endpoints = web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var loader = web.Services.GetRequiredService<PageLoader>();
        var routes = new HashSet<AppRoute>();
        foreach (var endpoint in endpoints)
        {
            var template = Normalise(endpoint.RoutePattern.RawText ?? "");
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                routes.Add(new AppRoute(HttpMethods.Get, template, null));
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => !string.Equals(h.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase)))
                    routes.Add(new AppRoute(handler.HttpMethod.ToUpperInvariant(), template, string.IsNullOrEmpty(handler.Name) ? null : handler.Name));
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get, HttpMethods.Post];
            foreach (var method in methods.Where(m => !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m)))
                routes.Add(new AppRoute(method.ToUpperInvariant(), template, null));
        }

        return routes.OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Handler, StringComparer.Ordinal).ToList();
    }

    public static bool IsStateChanging(AppRoute route) => StateChanging.Contains(route.Method, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a concrete path (query ignored) is one the route template answers.</summary>
    public static bool Matches(AppRoute route, string path)
    {
        var bare = Normalise(path.Split('?')[0]);
        var pattern = "^" + ParameterPattern().Replace(Regex.Escape(route.Template).Replace(@"\{", "{", StringComparison.Ordinal), m =>
            m.Value.Contains('*', StringComparison.Ordinal) ? "(?:.*)" : "[^/]+") + "$";
        // A catch-all segment also answers its parent path ("/jobs/{**path}" answers "/jobs").
        pattern = pattern.Replace("/(?:.*)$", "(?:/.*)?$", StringComparison.Ordinal);
        return Regex.IsMatch(bare, pattern, RegexOptions.IgnoreCase);
    }

    /// <summary>"/People/Index" and "People/" are "/People"; "Index" is "/".</summary>
    private static string Normalise(string template)
    {
        var path = "/" + template.Trim('/');
        if (path.EndsWith("/Index", StringComparison.Ordinal))
            path = path[..^"/Index".Length];
        return path.Length == 0 ? "/" : path;
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterPattern();
}

using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// Every GET route of the running app, read from its endpoint data source, with each route and query
/// parameter in turn replaced by hostile values, as users who may see the route: no answer is a 5xx.
/// A new route or parameter is fuzzed without anyone adding it here.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed class HostileInputFuzzTests(SecurityApp app)
{
    /// <summary>Extremes, other digits, non-numbers, signs, sizes and scripts; bounded so the walk takes tens of seconds.</summary>
    private static readonly string[] Hostile =
    [
        "0000-01", "9999-12", "0001-01-01..9999-12-31", "1970-01-01..2099-12-31", "2000-01-01..2099-12-31", "2000-01", "２０２６-１０", "9999-Q4", "0",
        "-1", "2147483648", "NaN", "Infinity", "", " ", "\u0000", "ü漢字🙂", new string('9', 4000), "9999-12-31", "0001-01-01",
    ];

    [Fact]
    public async Task No_GET_route_answers_a_hostile_route_or_query_value_with_a_server_error()
    {
        var targets = await TargetsAsync();
        Assert.Contains(targets, t => t.Template == "/Leaderboard" && t.Query.Contains("Period"));
        Assert.Contains(targets, t => t.Template == "/api/summary" && t.Query.Contains("month"));

        var failures = new List<string>();
        var requests = 0;
        foreach (var user in new[] { "hr", "admin" })
        {
            using var client = await app.ClientAsync(user);
            foreach (var target in targets)
            {
                foreach (var url in Urls(target))
                {
                    requests++;
                    using var response = await client.GetAsync(url);
                    if ((int)response.StatusCode >= 500)
                        failures.Add($"{user} GET {url} -> {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(requests > 200, $"only {requests} requests: the inventory did not see the app");
        Assert.True(failures.Count == 0, $"{failures.Count} server errors of {requests} requests:\n" + string.Join("\n", failures.Take(40)));
    }

    private sealed record Target(string Template, IReadOnlyList<string> RouteParameters, IReadOnlyList<string> Query);

    /// <summary>For each parameter, every hostile value in its place while the others keep a plausible value.</summary>
    private IEnumerable<string> Urls(Target target)
    {
        string Path(string? fuzzed, string value) => "/" + string.Join('/', target.Template.Trim('/').Split('/').Select(segment =>
        {
            if (!segment.StartsWith('{'))
                return segment;
            var name = segment.Trim('{', '}', '*').Split(':', '=', '?')[0];
            return name == fuzzed ? Uri.EscapeDataString(value) : app.People.Employee.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }));

        if (target.RouteParameters.Count == 0 && target.Query.Count == 0)
            yield break;
        foreach (var parameter in target.RouteParameters)
            // An empty segment is another route, and %00 in a path is refused by the server before the app sees it.
            foreach (var value in Hostile.Where(v => v.Trim().Length > 0 && !v.Contains('\0', StringComparison.Ordinal)))
                yield return Path(parameter, value);
        foreach (var parameter in target.Query)
            foreach (var value in Hostile)
                yield return Path(null, "") + "?" + Uri.EscapeDataString(parameter) + "=" + Uri.EscapeDataString(value);
    }

    /// <summary>GET routes with the names of their route parameters and of the query values they bind.</summary>
    private async Task<IReadOnlyList<Target>> TargetsAsync()
    {
        var loader = app.Web.Services.GetRequiredService<PageLoader>();
        var targets = new List<Target>();
        foreach (var endpoint in app.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (template.EndsWith("/Index", StringComparison.Ordinal))
                template = template[..^"Index".Length];
            if (template.StartsWith("/jobs", StringComparison.Ordinal) || targets.Any(t => t.Template == template))
                continue; // Hangfire's own dashboard: not our parsing.
            var routeParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
            var query = new List<string>();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase)))
                    query.AddRange(handler.Parameters.Select(p => p.BindingInfo?.BinderModelName ?? p.Name));
                foreach (var property in compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>())
                {
                    var bind = property.Property.GetCustomAttribute<BindPropertyAttribute>();
                    if (bind is { SupportsGet: true } || property.Property.GetCustomAttribute<FromQueryAttribute>() is not null)
                        query.Add(bind?.Name ?? property.Name);
                }
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
                if (methods is not null && !methods.Contains(HttpMethods.Get))
                    continue;
                if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } method)
                    query.AddRange(method.GetParameters().Where(p => IsSimple(p.ParameterType)).Select(p => p.Name!));
            }

            query.RemoveAll(routeParameters.Contains);
            targets.Add(new Target(template, routeParameters, query.Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        }

        return targets;
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTime)
               || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16 break 6, the POST half of <see cref="HostileInputFuzzTests"/>: every POST handler of every page and every
/// POST endpoint of the API, read from the running app, gets each of its form fields or JSON properties in turn
/// replaced by hostile values (with a valid anti-forgery token, so the handler is reached), as HR and as the
/// administrator: no answer is a 5xx. A new handler or field is fuzzed without anyone adding it here. Its own app:
/// plausible values may store awards or rules.
/// </summary>
public sealed class PostFuzzTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    private static readonly string[] Hostile =
    [
        "0000-01", "9999-12", "0001-01-01..9999-12-31", "2000-01", "２０２６-１０", "0", "-1", "2147483648", "-9223372036854775809", "NaN",
        "Infinity", "1e308", "0x10", "1.5", "", " ", "\u0000", "ü漢字🙂<script>", new string('9', 4000), "9999-12-31",
    ];

    [Fact]
    public async Task No_POST_handler_answers_a_hostile_form_field_or_json_property_with_a_server_error()
    {
        var (forms, apis) = await TargetsAsync();
        Assert.Contains(forms, f => f.Path == "/Recognition" && f.Fields.Contains("Form.Points"));
        Assert.Contains(forms, f => f.Path == "/Identities" && f.Handler == "Merge" && f.Fields.Contains("other"));
        Assert.Contains(apis, a => a.Path == "/api/recognition/awards");

        var failures = new List<string>();
        var requests = 0;
        var last = "";
        foreach (var user in new[] { "hr", "admin" })
        {
            using var client = await app.ClientAsync(user);
            foreach (var form in forms)
            {
                var page = await PageOrNullAsync(client, form.Path);
                if (page is null)
                    continue; // this user may not open the page: its posts are refused by authorization, tested elsewhere
                var url = string.IsNullOrEmpty(form.Handler) ? form.Path : $"{form.Path}?handler={form.Handler}";
                foreach (var field in form.Fields)
                    foreach (var value in Hostile)
                    {
                        var fields = form.Fields.ToDictionary(f => f, Plausible);
                        fields[field] = value;
                        using (var check = await client.GetAsync(form.Path))
                            Assert.True(check.IsSuccessStatusCode, $"{user}: {form.Path} answers {(int)check.StatusCode} after {failures.Count} failures and {requests} requests; last: {last}");
                        fields["__RequestVerificationToken"] = await SignIn.AntiforgeryTokenAsync(client, form.Path);
                        last = $"{url} {field}={Show(value)}";
                        requests++;
                        using var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
                        if ((int)response.StatusCode >= 500)
                            failures.Add($"{user} POST {url} {field}={Show(value)} -> {(int)response.StatusCode}");
                    }
            }

            // A token for the signed-in user from a page every user can open.
            var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");
            foreach (var api in apis)
                foreach (var property in api.Properties)
                    foreach (var value in Hostile.Select(v => (object?)v).Concat([null, -1, 0, long.MaxValue, 1e308, true]))
                    {
                        var body = api.Properties.ToDictionary(p => p, p => (object?)Plausible(p));
                        body[property] = value;
                        using var request = new HttpRequestMessage(HttpMethod.Post, api.Path) { Content = JsonContent.Create(body) };
                        request.Headers.Add("RequestVerificationToken", token);
                        requests++;
                        using var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                            failures.Add($"{user} POST {api.Path} {property}={Show(value)} -> {(int)response.StatusCode}");
                    }
        }

        Assert.True(requests > 500, $"only {requests} requests: the inventory did not see the app");
        Assert.True(failures.Count == 0, $"{failures.Count} server errors of {requests} requests:\n" + string.Join("\n", failures.Take(40)));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string { Length: > 40 } s => s[..10] + $"…({s.Length} chars)",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    /// <summary>A value the field would take, so the others do not refuse the post before the fuzzed one is read.</summary>
    private string Plausible(string field)
    {
        var name = field.Split('.').Last().ToLowerInvariant();
        return name switch
        {
            "username" => "fuzz-nobody", // never a real account: failed sign-ins must not lock hr or admin out
            "password" => "wrong",
            "year" => DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture),
            "quarter" => "1",
            "period" => "2000-01",
            "effectivefrom" => DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "type" => "answered",
            "category" => "1",
            "points" or "pointsperevent" => "5",
            "message" or "reason" => "fuzz",
            _ => app.People.Employee.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task<string?> PageOrNullAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    private sealed record FormTarget(string Path, string? Handler, IReadOnlyList<string> Fields);

    private sealed record ApiTarget(string Path, IReadOnlyList<string> Properties);

    private async Task<(IReadOnlyList<FormTarget> Forms, IReadOnlyList<ApiTarget> Apis)> TargetsAsync()
    {
        var loader = app.Web.Services.GetRequiredService<PageLoader>();
        var forms = new List<FormTarget>();
        var apis = new List<ApiTarget>();
        var employee = app.People.Employee.ToString(CultureInfo.InvariantCulture);
        foreach (var endpoint in app.Web.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (raw.StartsWith("/jobs", StringComparison.Ordinal))
                continue; // Hangfire's own dashboard
            // Route values: an id that exists where one is needed (source 1, the demo employee elsewhere).
            var path = string.Join('/', raw.Split('/').Select(s => !s.StartsWith('{') ? s : raw.StartsWith("/Sources", StringComparison.Ordinal) ? "1" : employee));
            if (path.EndsWith("/Index", StringComparison.Ordinal))
                path = path[..^"/Index".Length] is { Length: > 0 } trimmed ? trimmed : "/";

            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                if (forms.Any(f => f.Path == path))
                    continue;
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                    .SelectMany(p => Fields(p.Property.GetCustomAttribute<BindPropertyAttribute>()?.Name is { Length: > 0 } n ? n : p.Name, p.Property.PropertyType))
                    .ToList();
                foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase)))
                {
                    var fields = handler.Parameters
                        .Where(p => p.ParameterType != typeof(CancellationToken) && !endpoint.RoutePattern.Parameters.Any(r => r.Name == p.Name))
                        .SelectMany(p => Fields(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
                        .Concat(bound).Distinct(StringComparer.Ordinal).ToList();
                    if (fields.Count > 0)
                        forms.Add(new FormTarget(path, handler.Name, fields));
                }
            }
            else if (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true
                     && endpoint.Metadata.GetMetadata<MethodInfo>() is { } method)
            {
                var body = method.GetParameters().FirstOrDefault(p => !IsSimple(p.ParameterType) && p.ParameterType.Namespace?.StartsWith("Analytics", StringComparison.Ordinal) == true);
                if (body is not null)
                    apis.Add(new ApiTarget(path, body.ParameterType.GetProperties().Select(p => JsonName(p.Name)).ToList()));
            }
        }

        return (forms, apis);
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>A simple value is one field; a form class is one field per settable simple property, prefixed.</summary>
    private static IEnumerable<string> Fields(string prefix, Type type)
    {
        if (IsSimple(type))
            return [prefix];
        if (type.IsGenericType)
            return [prefix]; // a list of ids (award evidence): one value of it
        return type.GetProperties().Where(p => p.CanWrite && IsSimple(p.PropertyType)).Select(p => $"{prefix}.{p.Name}");
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTime)
               || type == typeof(DateTimeOffset) || type == typeof(Guid);
    }
}

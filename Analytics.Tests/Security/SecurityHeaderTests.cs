using System.Net;
using System.Text.RegularExpressions;
using Analytics.Tests.Support;
using Analytics.Tests.Web;

namespace Analytics.Tests.Security;

/// <summary>
/// The headers on every response of every route in the authorization matrix (for a user who may open it),
/// no inline script in any page, no inline style the CSP would block, and the flags on every cookie the app sets.
/// </summary>
[Collection(SecurityAppCollection.Name)]
public sealed partial class SecurityHeaderTests(SecurityApp app)
{
    [Fact]
    public async Task Every_response_of_every_route_carries_the_security_headers_and_HTML_has_no_inline_script()
    {
        var clients = new Dictionary<string, HttpClient>();
        var html = 0;
        try
        {
            foreach (var (route, allowed) in AuthorizationMatrixTests.Matrix)
            {
                var user = allowed.FirstOrDefault() ?? "employee";
                if (!clients.TryGetValue(user, out var client))
                    clients[user] = client = await app.ClientAsync(user == AuthorizationMatrixTests.Anonymous ? null : user);
                var response = await client.GetAsync(app.People.Resolve(route));
                var where = $"{route} as {user} ({(int)response.StatusCode})";

                var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
                var scripts = Directive(csp, "script-src");
                Assert.True(scripts is not null && !scripts.Contains("'unsafe-inline'", StringComparison.Ordinal) && !scripts.Contains("'unsafe-eval'", StringComparison.Ordinal),
                    $"{where}: script-src is '{scripts}'");
                Assert.Equal("'none'", Directive(csp, "frame-ancestors"));
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
                Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
                Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());

                if (response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.False(InlineScript().IsMatch(body), $"{where}: inline <script>");
                    Assert.False(EventHandlerAttribute().IsMatch(body), $"{where}: inline event handler attribute");
                    // The CSP blocks inline styles unless style-src allows them: a blocked style is a silent layout bug.
                    if (!(Directive(csp, "style-src") ?? "").Contains("'unsafe-inline'", StringComparison.Ordinal))
                    {
                        Assert.False(StyleAttribute().IsMatch(body), $"{where}: style attribute blocked by the CSP: {StyleAttribute().Match(body).Value}");
                        Assert.False(InlineStyle().IsMatch(body), $"{where}: inline <style> blocked by the CSP");
                    }

                    html++;
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
                client.Dispose();
        }

        Assert.True(html >= 20, $"only {html} HTML responses checked");
    }

    [Fact]
    public void No_page_source_holds_inline_script_event_handlers_or_javascript_urls()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "Analytics.Web", "Pages"), "*.cshtml", SearchOption.AllDirectories);
        Assert.True(pages.Length >= 20, $"only {pages.Length} pages found");
        foreach (var page in pages)
        {
            var source = File.ReadAllText(page);
            Assert.False(InlineScript().IsMatch(source), $"{page}: inline <script>");
            Assert.False(EventHandlerAttribute().IsMatch(source), $"{page}: inline event handler");
            Assert.DoesNotContain("javascript:", source, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Html.Raw", source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_cookie_the_app_sets_is_HttpOnly_and_SameSite()
    {
        using var client = await app.ClientAsync(null);
        var cookies = new List<string>();
        var signInPage = await client.GetAsync("/Account/SignIn");
        cookies.AddRange(SetCookies(signInPage));
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");
        var signIn = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = "hr",
            ["Form.Password"] = Analytics.Web.Access.DemoAccounts.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies.AddRange(SetCookies(signIn));
        // A form that answers with a notice sets the TempData cookie.
        var reportsToken = await SignIn.AntiforgeryTokenAsync(client, "/Reports");
        var regenerate = await client.PostAsync("/Reports?handler=Regenerate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = reportsToken,
            ["period"] = "not-a-month",
        }));
        cookies.AddRange(SetCookies(regenerate));

        Assert.Contains(cookies, c => c.StartsWith("analytics.auth=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Mvc.CookieTempDataProvider=", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            var flags = cookie.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToList();
            Assert.True(flags.Contains("httponly"), $"not HttpOnly: {cookie}");
            Assert.True(flags.Any(f => f is "samesite=strict" or "samesite=lax"), $"no SameSite Strict or Lax: {cookie}");
        }
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static string? Directive(string csp, string name) =>
        csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..];

    /// <summary>A script element without a src attribute.</summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex(@"<[a-z][^>]*\sstyle\s*=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<style[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}

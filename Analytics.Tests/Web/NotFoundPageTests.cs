using System.Net;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analytics.Tests.Web;

/// <summary>Unknown paths and unknown people get a real "not found" page with status 404; API routes keep their plain answers.</summary>
public sealed class NotFoundPageTests : IClassFixture<SharedDemo>
{
    private readonly AnalyticsWebFactory _web;

    public NotFoundPageTests(SharedDemo factory) => _web = factory.Web;

    private async Task<HttpClient> ClientAsync(string user)
    {
        var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(client, user);
        return client;
    }

    [Fact]
    public async Task A_visitor_who_has_not_signed_in_is_sent_to_sign_in_first()
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/SignIn", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("employee")]
    public async Task An_unknown_path_is_a_404_page_that_says_so(string user)
    {
        using var client = await ClientAsync(user);

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1 data-status=\"404\">Page not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<code>/no-such-page</code>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Page not found", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_person_is_not_found_for_HR_and_still_not_available_to_others()
    {
        using var hr = await ClientAsync("hr");
        using var manager = await ClientAsync("manager");

        var forHr = await hr.GetAsync("/People/99999");
        var forManager = await manager.GetAsync("/People/99999");

        Assert.Equal(HttpStatusCode.NotFound, forHr.StatusCode);
        var html = await forHr.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Your role does not give access", html, StringComparison.Ordinal);
        // Others learn nothing about which ids exist: the same answer as for someone outside their line.
        Assert.Equal(HttpStatusCode.Redirect, forManager.StatusCode);
        Assert.Contains("/Account/AccessDenied", forManager.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task API_and_export_misses_keep_their_plain_answers()
    {
        using var hr = await ClientAsync("hr");

        var api = await hr.GetAsync("/api/no-such-route");
        var export = await hr.GetAsync("/exports/people/1/no-such-table.xlsx");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("Page not found", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.DoesNotContain("Page not found", await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

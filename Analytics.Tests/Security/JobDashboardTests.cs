using System.Net;
using Analytics.Tests.Support;
using Analytics.Tests.Web;

namespace Analytics.Tests.Security;

/// <summary>The Hangfire dashboard under /jobs, its pages, scripts and its POST commands: Admin only.</summary>
[Collection(SecurityAppCollection.Name)]
public sealed class JobDashboardTests(SecurityApp app)
{
    private static readonly string[] Pages = ["/jobs", "/jobs/recurring", "/jobs/jobs/enqueued", "/jobs/jobs/succeeded", "/jobs/retries", "/jobs/servers", "/jobs/jobs/details/1"];
    private static readonly string[] Commands = ["/jobs/stats", "/jobs/recurring/trigger", "/jobs/jobs/enqueued/delete", "/jobs/jobs/failed/requeue"];

    public static TheoryData<string> NotAdmin() => [.. AuthorizationMatrixTests.Everyone.Where(u => u != "admin")];

    [Theory]
    [MemberData(nameof(NotAdmin))]
    public async Task Every_dashboard_page_and_command_is_refused_to_anyone_but_admin(string user)
    {
        using var client = await app.ClientAsync(user == AuthorizationMatrixTests.Anonymous ? null : user);
        var expected = user == AuthorizationMatrixTests.Anonymous ? "/Account/SignIn" : "/Account/AccessDenied";
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");

        foreach (var page in Pages)
            AssertRefused(await client.GetAsync(page), $"GET {page}", expected);
        foreach (var command in Commands)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, command)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["jobs[]"] = "1" }),
            };
            request.Headers.Add("RequestVerificationToken", token);
            AssertRefused(await client.SendAsync(request), $"POST {command}", expected);
        }
    }

    [Fact]
    public async Task Admin_opens_every_dashboard_page_and_polls_its_stats_with_the_token()
    {
        using var client = await app.ClientAsync("admin");
        foreach (var page in Pages.Where(p => !p.Contains("/details/", StringComparison.Ordinal)))
        {
            var response = await client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"admin got {(int)response.StatusCode} on {page}");
        }

        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");
        using var stats = new HttpRequestMessage(HttpMethod.Post, "/jobs/stats")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["metrics[]"] = "succeeded:count" }),
        };
        stats.Headers.Add("RequestVerificationToken", token);
        var answer = await client.SendAsync(stats);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("succeeded:count", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertRefused(HttpResponseMessage response, string what, string expected)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}");
        Assert.Contains(expected, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using Analytics.Tests.Support;
using Analytics.Web.Hosting;

namespace Analytics.Tests.Security;

/// <summary>
/// The app takes no uploads (no IFormFile, no multipart form anywhere), so every request body is capped
/// small; on real Kestrel a larger form or JSON body gets 413, signed in or not, before anything reads it.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private LiveServer _server = null!;

    public Task InitializeAsync() => Task.Run(() => _server = LiveServer.Start());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void No_page_or_endpoint_accepts_a_file_upload()
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "Analytics.Web"), "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var text = File.ReadAllText(source);
            Assert.DoesNotContain("IFormFile", text, StringComparison.Ordinal);
            Assert.DoesNotContain("multipart/form-data", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_form_post_over_the_limit_gets_413_and_one_under_it_is_handled()
    {
        using var client = Client();
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");
        var big = await client.PostAsync("/Account/SignIn", Form(token, new string('a', (int)RequestLimits.MaxRequestBodyBytes + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);

        var small = await client.PostAsync("/Account/SignIn", Form(token, new string('a', 1000)));
        Assert.Equal(HttpStatusCode.Unauthorized, small.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_post_to_a_form_or_the_api_over_the_limit_gets_413()
    {
        using var client = Client();
        await SignIn.AsAsync(client, "manager");
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Recognition");
        var form = await client.PostAsync("/Recognition", Form(token, new string('a', (int)RequestLimits.MaxRequestBodyBytes * 4)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, form.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/recognition/awards")
        {
            Content = JsonContent.Create(new { recipientId = 1, category = 1, message = new string('a', (int)RequestLimits.MaxRequestBodyBytes * 4), points = 1 }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        var api = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, api.StatusCode);
    }

    [Fact]
    public async Task A_chunked_form_post_over_the_limit_gets_413_and_one_under_it_is_handled()
    {
        using var client = Client();
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");

        using var big = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn") { Content = Form(token, new string('a', (int)RequestLimits.MaxRequestBodyBytes + 1024)) };
        big.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(big)).StatusCode);

        using var small = new HttpRequestMessage(HttpMethod.Post, "/Account/SignIn") { Content = Form(token, new string('a', 1000)) };
        small.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(small)).StatusCode);
    }

    /// <summary>
    /// With "Expect: 100-continue", as large uploads are sent: the server answers 413 before the body is sent.
    /// Without it, the client may still be writing the body when the server answers and closes the connection,
    /// and then sees a reset instead of the 413 (a race of the test, not of the limit).
    /// </summary>
    private HttpClient Client()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };
        client.DefaultRequestHeaders.ExpectContinue = true;
        return client;
    }

    private static FormUrlEncodedContent Form(string token, string filler) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Form.UserName"] = "nobody",
        ["Form.Password"] = "Wrong-password-1",
        ["Form.Message"] = filler,
    });
}

using System.Net;
using Analytics.Tests.Support;
using Analytics.Web.Access;

namespace Analytics.Tests.Security;

/// <summary>
/// The sign-in limit belongs to the sign-in endpoint, not to one spelling of its path: on real Kestrel every
/// spelling that routing serves as the sign-in page counts against the same limit and gets 429 past it,
/// a correct password included.
/// </summary>
public sealed class SignInRateLimitSpellingTests : IAsyncLifetime
{
    private static readonly string[] Spellings =
    [
        "/Account/SignIn", "/Account/SignIn/", "/account/signin", "/ACCOUNT/SIGNIN/", "/Account/SignIn?x=1", "/Account/SignIn/?ReturnUrl=%2F",
    ];

    private LiveServer _server = null!;

    public Task InitializeAsync() => Task.Run(() => _server = LiveServer.Start(b => b.UseSetting("Access:SignInPostsPerMinute", new AccessOptions().SignInPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_hundred_wrong_sign_ins_across_path_spellings_get_429_on_every_spelling_once_over_the_limit()
    {
        var limit = new AccessOptions().SignInPostsPerMinute;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address };
        var token = await SignIn.AntiforgeryTokenAsync(client, "/Account/SignIn");

        var statuses = new List<(string Path, HttpStatusCode Status)>();
        for (var i = 0; i < 100; i++)
        {
            var path = Spellings[i % Spellings.Length];
            statuses.Add((path, (await PostAsync(client, path, token, $"guess-{i}", "Wrong-password-1")).StatusCode));
        }

        // Under the limit every spelling reached the sign-in page (401 with the form), so each is a real way in.
        Assert.All(statuses.Take(limit), s => Assert.Equal(HttpStatusCode.Unauthorized, s.Status));
        Assert.Equal(Spellings.Length, statuses.Take(limit).Select(s => s.Path).Distinct().Count());
        Assert.All(statuses.Skip(limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s.Status));

        // Over the limit, a correct password on any spelling is refused too.
        foreach (var path in Spellings)
            Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(client, path, token, "hr", DemoAccounts.Password)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string token, string user, string password) =>
        client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = user,
            ["Form.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
}

using System.Net;
using System.Text.RegularExpressions;
using Analytics.Web.Access;

namespace Analytics.Tests.Support;

public static partial class SignIn
{
    /// <summary>Signs a demo user in through the real form, anti-forgery token included; the client keeps the cookie.</summary>
    public static async Task AsAsync(HttpClient client, string userName, string password = DemoAccounts.Password)
    {
        var response = await PostAsync(client, userName, password);
        // A client that follows redirects ends on the page after sign-in; one that does not sees the redirect.
        var signedIn = response.StatusCode == HttpStatusCode.Redirect
                       || (response.IsSuccessStatusCode && response.RequestMessage?.RequestUri?.AbsolutePath != "/Account/SignIn");
        Assert.True(signedIn, $"sign-in as {userName} failed: {(int)response.StatusCode}");
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/Account/SignIn");
        return await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no anti-forgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

using System.Net;
using Analytics.Domain.Users;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// On real Kestrel: a copy of a session cookie taken while signed in stops working after sign-out, lockout,
/// password change and role change. The session check interval is zero here, so "within the interval"
/// means the next request; the product's default is documented in README and ADR 1641.
/// </summary>
public sealed class SessionInvalidationTests : IAsyncLifetime
{
    private const string CookieName = "analytics.auth";
    private LiveServer _server = null!;

    public Task InitializeAsync() => Task.Run(() => _server = LiveServer.Start(b => b.UseSetting("Access:SessionCheckInterval", "00:00:00")));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        var (client, cookie) = await SignedInAsync("employee");
        using var _ = client;
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        var token = await SignIn.AntiforgeryTokenAsync(client, "/Definitions");
        var signOut = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        AssertRefused(await ReplayAsync(cookie));
    }

    [Fact]
    public async Task A_cookie_is_refused_once_failed_sign_ins_lock_the_account()
    {
        var (client, cookie) = await SignedInAsync("manager");
        client.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        // Someone else's failed attempts lock the account; Identity does not renew the stamp for this.
        using var guesser = NewClient();
        for (var i = 0; i < new AccessOptions().MaxFailedSignIns; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn.PostAsync(guesser, "manager", "Wrong-password-" + i)).StatusCode);
        Assert.True(await WithUserAsync("manager", (users, user) => users.IsLockedOutAsync(user)));

        AssertRefused(await ReplayAsync(cookie));
    }

    [Fact]
    public async Task A_cookie_is_refused_after_the_password_changes()
    {
        var (client, cookie) = await SignedInAsync("leadership");
        client.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        var changed = await WithUserAsync("leadership", (users, user) => users.ChangePasswordAsync(user, DemoAccounts.Password, "Another-password-2026"));
        Assert.True(changed.Succeeded);

        AssertRefused(await ReplayAsync(cookie));
    }

    [Fact]
    public async Task A_cookie_is_refused_after_a_role_change()
    {
        var (client, cookie) = await SignedInAsync("hr");
        client.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        var removed = await WithUserAsync("hr", (users, user) => users.RemoveFromRoleAsync(user, Roles.HR));
        Assert.True(removed.Succeeded);

        AssertRefused(await ReplayAsync(cookie));
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    private HttpClient NewClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = _server.Address };

    private async Task<(HttpClient Client, string Cookie)> SignedInAsync(string user)
    {
        var cookies = new CookieContainer();
        var client = NewClient(cookies);
        await SignIn.AsAsync(client, user);
        var cookie = cookies.GetCookies(_server.Address)[CookieName];
        Assert.NotNull(cookie);
        return (client, cookie.Value);
    }

    /// <summary>The captured cookie sent alone, as someone holding a copy of it would.</summary>
    private async Task<HttpResponseMessage> ReplayAsync(string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Definitions");
        request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        return await client.SendAsync(request);
    }

    private async Task<T> WithUserAsync<T>(string userName, Func<UserManager<AppUser>, AppUser, Task<T>> work)
    {
        await using var scope = _server.Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await work(users, (await users.FindByNameAsync(userName))!);
    }
}

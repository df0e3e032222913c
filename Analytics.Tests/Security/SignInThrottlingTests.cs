using System.Net;
using System.Text.RegularExpressions;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Security;

/// <summary>
/// Identity's lockout with the product's settings, one message for every failure (so user names cannot be
/// probed), and the per-address limit on sign-in posts with its default value.
/// </summary>
public sealed partial class SignInThrottlingTests
{
    [Fact]
    public async Task Wrong_passwords_lock_the_account_the_right_one_then_fails_and_no_answer_tells_whether_the_user_exists()
    {
        await using var web = new AnalyticsWebFactory();
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var attempts = new AccessOptions().MaxFailedSignIns;

        var messages = new List<(string Who, HttpStatusCode Status, string Message)>();
        for (var i = 0; i < attempts; i++)
        {
            messages.Add(await AttemptAsync(client, "employee", "Wrong-password-" + i));
            messages.Add(await AttemptAsync(client, "no-such-user", "Wrong-password-" + i));
        }

        var locked = await AttemptAsync(client, "employee", DemoAccounts.Password);
        var unknown = await AttemptAsync(client, "no-such-user", DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
        var afterLocked = await client.GetAsync("/People/Me");
        Assert.Equal(HttpStatusCode.Redirect, afterLocked.StatusCode);
        Assert.Contains("/Account/SignIn", afterLocked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using (var scope = web.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Analytics.Domain.Users.AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync("employee"))!));
        }

        // Same status and the same words for a wrong password, an unknown user and a locked account.
        var all = messages.Append(locked).Append(unknown).ToList();
        Assert.Single(all.Select(m => m.Status).Distinct());
        Assert.Single(all.Select(m => m.Message).Distinct());
        Assert.Contains("Wrong user name or password", locked.Message, StringComparison.Ordinal);

        // Another account is not affected.
        using var other = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SignIn.AsAsync(other, "hr");
    }

    [Fact]
    public async Task Sign_in_posts_beyond_the_default_limit_per_address_get_429_while_the_form_still_opens()
    {
        var limit = new AccessOptions().SignInPostsPerMinute;
        await using var web = new AnalyticsWebFactory(configure: b => b.UseSetting("Access:SignInPostsPerMinute", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        for (var i = 0; i < limit; i++)
        {
            // Different unknown names: the limit, not an account's lockout, is what is tested.
            var attempt = await SignIn.PostAsync(client, $"guess-{i}", "Wrong-password-1");
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var refused = await SignIn.PostAsync(client, "hr", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/SignIn")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/People/Me")).StatusCode);
    }

    private static async Task<(string Who, HttpStatusCode Status, string Message)> AttemptAsync(HttpClient client, string user, string password)
    {
        var response = await SignIn.PostAsync(client, user, password);
        var html = await response.Content.ReadAsStringAsync();
        var error = ErrorPattern().Match(html);
        Assert.True(error.Success, $"no error shown for {user}");
        return (user, response.StatusCode, error.Groups[1].Value);
    }

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorPattern();
}

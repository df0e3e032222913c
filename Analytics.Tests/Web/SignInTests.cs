using System.Net;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Analytics.Tests.Web;

public sealed class SignInTests : IClassFixture<SignInTests.Factory>
{
    public sealed class Factory : IAsyncLifetime
    {
        public AnalyticsWebFactory Web { get; } = new();
        public Task InitializeAsync() => Task.Run(() => Web.CreateClient().Dispose());
        public async Task DisposeAsync() => await Web.DisposeAsync();
    }

    private readonly AnalyticsWebFactory _web;

    public SignInTests(Factory factory) => _web = factory.Web;

    private HttpClient Client() => _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page()
    {
        using var client = Client();
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_demo_mode_the_sign_in_page_lists_one_account_per_role()
    {
        using var client = Client();
        var html = await client.GetStringAsync("/Account/SignIn");
        foreach (var role in Roles.All)
            Assert.Contains($"<td>{role}</td>", html, StringComparison.Ordinal);
        Assert.Contains(DemoAccounts.Password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_demo_mode_the_sign_in_page_lists_no_accounts()
    {
        await using var production = new AnalyticsWebFactory().WithWebHostBuilder(b => b.UseSetting("Demo:Enabled", "false"));
        using var client = production.CreateClient();
        var html = await client.GetStringAsync("/Account/SignIn");
        Assert.Contains("<h1>Sign in</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo accounts", html, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoAccounts.Password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_demo_account_signs_in_and_lands_where_its_role_may_go()
    {
        foreach (var account in DemoAccounts.All)
        {
            using var client = Client();
            await SignIn.AsAsync(client, account.UserName);
            var overview = await client.GetAsync("/");
            var mayView = account.Role is Roles.HR or Roles.Leadership or Roles.Manager;
            Assert.True(mayView ? overview.StatusCode == HttpStatusCode.OK : overview.StatusCode == HttpStatusCode.Redirect,
                $"{account.UserName} got {(int)overview.StatusCode} on the overview");
            if (!mayView)
                Assert.Equal("/People/Me", overview.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_repeated_failures_lock_the_account()
    {
        using var client = Client();
        var wrong = await SignIn.PostAsync(client, "employee", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 4; i++)
            await SignIn.PostAsync(client, "employee", "still-wrong");
        // Locked now: even the right password is refused until the lockout ends.
        var locked = await SignIn.PostAsync(client, "employee", DemoAccounts.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_without_the_anti_forgery_token_is_rejected()
    {
        using var client = Client();
        var response = await client.PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.UserName"] = "hr",
            ["Form.Password"] = DemoAccounts.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_job_dashboard_is_for_administrators_only()
    {
        using var admin = Client();
        await SignIn.AsAsync(admin, "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/jobs")).StatusCode);

        using var hr = Client();
        await SignIn.AsAsync(hr, "hr");
        var denied = await hr.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var anonymous = Client();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/jobs")).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        using var client = Client();
        var response = await client.GetAsync("/Account/SignIn");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Signing_out_from_the_menu_ends_the_session()
    {
        using var client = Client();
        await SignIn.AsAsync(client, "hr");
        // The menu's sign-out form carries its own anti-forgery token, like every form.
        var token = await SignIn.AntiforgeryTokenAsync(client, "/");
        var response = await client.PostAsync("/Account/SignOut", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/SignIn", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}

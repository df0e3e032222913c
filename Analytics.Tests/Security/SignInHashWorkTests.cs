using System.Net;
using Analytics.Domain.Users;
using Analytics.Tests.Support;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Analytics.Tests.Security;

/// <summary>
/// Issue 16 break 2: a wrong password for an existing user, an unknown user name and a locked account each
/// cost one password-hash verification, so the time of the answer does not tell which user names exist.
/// Counted with a decorator around the product's hasher, not timed.
/// </summary>
public sealed class SignInHashWorkTests
{
    [Fact]
    public async Task Unknown_and_locked_users_cost_the_same_hash_verifications_as_a_wrong_password()
    {
        var counter = new CountingPasswordHasher();
        await using var web = new AnalyticsWebFactory(configure: b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton(counter);
            services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<AppUser>>(sp =>
            {
                counter.Inner = new PasswordHasher<AppUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>());
                return counter;
            }));
        }));
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var wrongPassword = await VerificationsAsync(counter, client, "employee", "Wrong-password-1");
        var unknown = await VerificationsAsync(counter, client, "no-such-user", "Wrong-password-1");
        var unknownLookalike = await VerificationsAsync(counter, client, "employee2", DemoAccounts.Password);

        for (var i = 1; i < new AccessOptions().MaxFailedSignIns; i++)
            await VerificationsAsync(counter, client, "employee", "Wrong-password-" + i);
        await using (var scope = web.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByNameAsync("employee"))!));
        }

        var lockedRightPassword = await VerificationsAsync(counter, client, "employee", DemoAccounts.Password);
        var lockedWrongPassword = await VerificationsAsync(counter, client, "employee", "Wrong-password-9");

        Assert.Equal(1, wrongPassword);
        Assert.Equal(wrongPassword, unknown);
        Assert.Equal(wrongPassword, unknownLookalike);
        Assert.Equal(wrongPassword, lockedRightPassword);
        Assert.Equal(wrongPassword, lockedWrongPassword);
    }

    private static async Task<int> VerificationsAsync(CountingPasswordHasher counter, HttpClient client, string user, string password)
    {
        var before = counter.Verifications;
        var response = await SignIn.PostAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return counter.Verifications - before;
    }

    /// <summary>The product's hasher, counting verifications; hashing itself is unchanged.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
    {
        private int _verifications;

        public PasswordHasher<AppUser> Inner { get; set; } = new PasswordHasher<AppUser>();
        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AppUser user, string password) => Inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return Inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

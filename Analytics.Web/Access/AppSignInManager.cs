using System.Security.Claims;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Access;

/// <summary>
/// Identity's sign-in with two changes (issue 16, ADR 1640 and 1641). An unknown or locked-out user name
/// verifies the password against a dummy hash, so every failed sign-in costs one hash verification and
/// the answer time does not tell a guesser which user names exist. And a session is tied to the account's
/// security stamp and lockout: sign-out renews the stamp (so a copied cookie stops working too), and the
/// periodic stamp check also refuses the cookie of a locked-out account (Identity's own check does not).
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    IPasswordHasher<AppUser> hasher)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // Hashed once per process with the configured hasher, so it has the same algorithm and iteration
    // count as real users' hashes; the password is random and never matches.
    private static string? s_dummyHash;
    private static readonly AppUser DummyUser = new() { UserName = "\u0000no-such-user" };

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            VerifyDummy(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        // Identity answers a locked-out account before looking at the password: do the same work a wrong
        // password costs. The password is not checked against the real hash, so a locked account cannot be
        // probed for its password either.
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
            VerifyDummy(password);
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        if (user is not null && UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
            return null;
        return user;
    }

    public override async Task SignOutAsync()
    {
        // Renewing the stamp ends every session of this account, including a cookie copied before sign-out,
        // at its next stamp check. Single sign-on principals have no local account: nothing to renew.
        if (Context.User.Identity?.IsAuthenticated == true && await UserManager.GetUserAsync(Context.User) is { } user)
            await UserManager.UpdateSecurityStampAsync(user);
        await base.SignOutAsync();
    }

    private void VerifyDummy(string password)
    {
        var hash = s_dummyHash;
        if (hash is null)
        {
            hash = hasher.HashPassword(DummyUser, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            Interlocked.CompareExchange(ref s_dummyHash, hash, null);
            hash = s_dummyHash;
        }

        // The result is always a failure; only the work matters.
        _ = hasher.VerifyHashedPassword(DummyUser, hash, password);
    }
}

using Analytics.Domain.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Access;

/// <summary>
/// Identity's periodic session check (every <see cref="AccessOptions.SessionCheckInterval"/>), applied to
/// local accounts only. A single sign-on principal carries no security stamp and has no local account to
/// check: its session ends with the cookie's lifetime and the identity provider's own sign-in, as before.
/// Local sessions are refused after sign-out, lockout, password or role change (see <see cref="AppSignInManager"/>).
/// </summary>
public sealed class AppSecurityStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signInManager, ILoggerFactory logger, IOptions<IdentityOptions> identity)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    public override Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // Principals made by Identity from a local account always carry the stamp claim.
        if (context.Principal is { } principal
            && principal.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType) is null
            && principal.Identity?.AuthenticationType != IdentityConstants.ApplicationScheme)
            return Task.CompletedTask;
        return base.ValidateAsync(context);
    }
}

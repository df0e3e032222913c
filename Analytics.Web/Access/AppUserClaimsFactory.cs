using System.Globalization;
using System.Security.Claims;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Access;

/// <summary>Puts the user's employee id into the sign-in cookie, so "me" and "my line" need no lookup per request.</summary>
public sealed class AppUserClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.EmployeeId is { } id)
            identity.AddClaim(new Claim(CurrentViewer.EmployeeIdClaim, id.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}

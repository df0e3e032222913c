using Analytics.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Access;

/// <summary>
/// Identity's user manager, except that a role change or a lockout renews the account's security stamp.
/// Identity renews it on password changes but not on these, so a session signed in with the old roles
/// would keep them until its cookie expired; with a new stamp the session is refused at its next check
/// (<see cref="AccessOptions.SessionCheckInterval"/>, ADR 1641).
/// </summary>
public sealed class AppUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AddToRoleAsync(AppUser user, string role) => await RenewStampAsync(user, await base.AddToRoleAsync(user, role));

    public override async Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles) => await RenewStampAsync(user, await base.AddToRolesAsync(user, roles));

    public override async Task<IdentityResult> RemoveFromRoleAsync(AppUser user, string role) => await RenewStampAsync(user, await base.RemoveFromRoleAsync(user, role));

    public override async Task<IdentityResult> RemoveFromRolesAsync(AppUser user, IEnumerable<string> roles) => await RenewStampAsync(user, await base.RemoveFromRolesAsync(user, roles));

    public override async Task<IdentityResult> SetLockoutEndDateAsync(AppUser user, DateTimeOffset? lockoutEnd)
    {
        var result = await base.SetLockoutEndDateAsync(user, lockoutEnd);
        // Unlocking does not need to end sessions; locking does.
        return lockoutEnd is { } end && end > DateTimeOffset.UtcNow ? await RenewStampAsync(user, result) : result;
    }

    private async Task<IdentityResult> RenewStampAsync(AppUser user, IdentityResult result) =>
        result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
}

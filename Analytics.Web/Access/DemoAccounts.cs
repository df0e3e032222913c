using Analytics.Domain.Persistence;
using Analytics.Domain.Users;
using Analytics.Jobs.Demo;
using Microsoft.AspNetCore.Identity;

namespace Analytics.Web.Access;

/// <summary>A demo sign-in: its role and which employee of the demo organisation it is (null: no employee, the admin).</summary>
public sealed record DemoAccount(string UserName, string Role, string Description, DemoPosition? Position);

/// <summary>
/// One sign-in per role for the demo organisation, listed on the sign-in page in demo mode only.
/// People-facing roles are real employees of the demo, so "my profile" and "my line" show something.
/// </summary>
public sealed class DemoAccounts(AnalyticsDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public const string Password = "Demo-password-2026";

    public static IReadOnlyList<DemoAccount> All { get; } =
    [
        new("hr", Roles.HR, "HR / knowledge-management lead", DemoCast.HumanResources),
        new("manager", Roles.Manager, "Head of Platform: two teams below", DemoCast.Manager),
        new("leadership", Roles.Leadership, "Chief executive", DemoCast.ChiefExecutive),
        new("employee", Roles.Employee, "An engineer in Infrastructure", DemoCast.Engineer),
        new("admin", Roles.Admin, "Administrator: sources, syncs and the job dashboard", null),
    ];

    /// <summary>Creates the roles and, once, each demo user. Safe on every start.</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        await EnsureRolesAsync();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var account in All)
        {
            var user = await users.FindByNameAsync(account.UserName);
            if (user is not null)
                continue;

            var employeeId = account.Position is null ? null : await DemoCast.FindAsync(db, account.Position, today, ct);
            user = new AppUser { UserName = account.UserName, EmployeeId = employeeId, EmailConfirmed = true };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, account.Role));
            if (employeeId is not null && account.Role != Roles.Employee)
                Check(await users.AddToRoleAsync(user, Roles.Employee));
        }
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create a demo account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

using Analytics.Domain.Persistence;
using Analytics.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Access;

/// <summary>A demo sign-in: its role and which employee of the demo organisation it is (head or member of a department).</summary>
public sealed record DemoAccount(string UserName, string Role, string Description, string? DepartmentCode, bool IsHead);

/// <summary>
/// One sign-in per role for the demo organisation, listed on the sign-in page in demo mode only.
/// People-facing roles are real employees of the demo, so "my profile" and "my line" show something.
/// </summary>
public sealed class DemoAccounts(AnalyticsDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public const string Password = "Demo-password-2026";

    public static IReadOnlyList<DemoAccount> All { get; } =
    [
        new("hr", Roles.HR, "HR / knowledge-management lead", "PPL", IsHead: true),
        new("manager", Roles.Manager, "Head of Platform: two teams below", "ENG-PLT", IsHead: true),
        new("leadership", Roles.Leadership, "Chief executive", "ROOT", IsHead: true),
        new("employee", Roles.Employee, "An engineer in Infrastructure", "ENG-PLT-INF", IsHead: false),
        new("admin", Roles.Admin, "Administrator: sources, syncs and the job dashboard", null, IsHead: false),
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

            var employeeId = account.DepartmentCode is null ? null
                : account.IsHead ? await HeadOfAsync(account.DepartmentCode, today, ct)
                : await MemberOfAsync(account.DepartmentCode, today, ct);
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

    /// <summary>The department's head: its member whose manager sits outside it (or who has no manager).</summary>
    private async Task<int?> HeadOfAsync(string code, DateOnly day, CancellationToken ct)
    {
        var members = await InForce(day).Where(a => a.Department!.Code == code)
            .Select(a => new { a.EmployeeId, a.ManagerId })
            .ToListAsync(ct);
        var ids = members.Select(m => m.EmployeeId).ToHashSet();
        return members.OrderBy(m => m.EmployeeId).FirstOrDefault(m => m.ManagerId is null || !ids.Contains(m.ManagerId.Value))?.EmployeeId;
    }

    private async Task<int?> MemberOfAsync(string code, DateOnly day, CancellationToken ct)
    {
        var head = await HeadOfAsync(code, day, ct);
        return await InForce(day).Where(a => a.Department!.Code == code && a.EmployeeId != head && a.Employee!.LeaveDate == null)
            .OrderBy(a => a.EmployeeId).Select(a => (int?)a.EmployeeId).FirstOrDefaultAsync(ct);
    }

    private IQueryable<Domain.Organisation.OrgAssignment> InForce(DateOnly day) =>
        db.OrgAssignments.Where(a => a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create a demo account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

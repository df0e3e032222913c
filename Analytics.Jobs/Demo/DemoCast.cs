using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Demo;

/// <summary>Where a demo sign-in sits in the demo organisation: the head of a department, or a member of it.</summary>
public sealed record DemoPosition(string DepartmentCode, bool IsHead);

/// <summary>
/// The employees of the demo organisation behind the demo sign-ins (Analytics.Web's DemoAccounts), found by department
/// so the generator's random names do not matter: the seeder gives them content every page they open should show
/// (recognition of their own), and the sign-ins are linked to the same people.
/// </summary>
public static class DemoCast
{
    public static readonly DemoPosition HumanResources = new("PPL", IsHead: true);
    public static readonly DemoPosition Manager = new("ENG-PLT", IsHead: true);
    public static readonly DemoPosition ChiefExecutive = new("ROOT", IsHead: true);
    public static readonly DemoPosition Engineer = new("ENG-PLT-INF", IsHead: false);

    public static IReadOnlyList<DemoPosition> All { get; } = [HumanResources, Manager, ChiefExecutive, Engineer];

    /// <summary>The employee in <paramref name="position"/> on <paramref name="day"/>, or null if the department has nobody there.</summary>
    public static Task<int?> FindAsync(AnalyticsDbContext db, DemoPosition position, DateOnly day, CancellationToken ct) =>
        position.IsHead ? HeadOfAsync(db, position.DepartmentCode, day, ct) : MemberOfAsync(db, position.DepartmentCode, day, ct);

    /// <summary>The department's head: its member whose manager sits outside it (or who has no manager).</summary>
    private static async Task<int?> HeadOfAsync(AnalyticsDbContext db, string code, DateOnly day, CancellationToken ct)
    {
        var members = await db.OrgAssignments.InForceOn(day).Where(a => a.Department!.Code == code)
            .Select(a => new { a.EmployeeId, a.ManagerId })
            .ToListAsync(ct);
        var ids = members.Select(m => m.EmployeeId).ToHashSet();
        return members.OrderBy(m => m.EmployeeId).FirstOrDefault(m => m.ManagerId is null || !ids.Contains(m.ManagerId.Value))?.EmployeeId;
    }

    /// <summary>The department's first member (by id) who is not its head and has not left.</summary>
    private static async Task<int?> MemberOfAsync(AnalyticsDbContext db, string code, DateOnly day, CancellationToken ct)
    {
        var head = await HeadOfAsync(db, code, day, ct);
        return await db.OrgAssignments.InForceOn(day).Where(a => a.Department!.Code == code && a.EmployeeId != head && a.Employee!.LeaveDate == null)
            .OrderBy(a => a.EmployeeId).Select(a => (int?)a.EmployeeId).FirstOrDefaultAsync(ct);
    }
}

using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Support;

/// <summary>
/// Person ids of the demo organisation as the access rules see them: the demo accounts' own persons, someone
/// in the manager's reporting line (not the employee account) and an outsider no demo account but HR may see.
/// </summary>
public sealed record DemoPeople(int Employee, int Manager, int InLine, int Outsider, IReadOnlySet<int> ManagerLine)
{
    public static async Task<DemoPeople> LoadAsync(AnalyticsWebFactory web)
    {
        await using var scope = web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var accounts = await db.Users.Where(u => u.EmployeeId != null).ToDictionaryAsync(u => u.UserName!, u => u.EmployeeId!.Value);
        var persons = await db.Persons.Where(p => p.EmployeeId != null && !p.IsBot)
            .GroupBy(p => p.EmployeeId!.Value).Select(g => new { Employee = g.Key, Person = g.Min(p => p.Id) })
            .ToDictionaryAsync(x => x.Employee, x => x.Person);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var line = await scope.ServiceProvider.GetRequiredService<ReportingLine>().MembersAsync(accounts["manager"], today, CancellationToken.None);
        var linePersons = line.Where(persons.ContainsKey).Select(e => persons[e]).ToHashSet();
        var employee = persons[accounts["employee"]];
        var inLine = linePersons.Where(p => p != employee).Order().First();
        var demoEmployees = accounts.Values.ToHashSet();
        var outsider = persons.Where(kv => !line.Contains(kv.Key) && !demoEmployees.Contains(kv.Key)).Select(kv => kv.Value).Order().First();
        return new DemoPeople(employee, persons[accounts["manager"]], inLine, outsider, linePersons);
    }

    public string Resolve(string route) => route
        .Replace("{employee}", Employee.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{outsider}", Outsider.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

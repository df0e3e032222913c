using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Recognition;

public sealed record ManagerBudget(int ManagerId, string Name, int Points, int Spent);

public sealed record BudgetOverviewView(Quarter Quarter, int DefaultPoints, IReadOnlyList<ManagerBudget> Managers)
{
    public static BudgetOverviewView Empty { get; } = new(new Quarter(2000, 1), 0, []);
}

/// <summary>HR's view of a quarter: everyone who manages someone today, with their budget or the default.</summary>
public sealed class BudgetOverview(AnalyticsDbContext db, IOptions<RecognitionOptions> options, TimeProvider clock)
{
    public async Task<BudgetOverviewView> RunAsync(Quarter quarter, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var managerIds = await db.OrgAssignments.AsNoTracking()
            .InForceOn(today).Where(a => a.ManagerId != null)
            .Select(a => a.ManagerId!.Value).Distinct().ToListAsync(ct);
        var budgets = await db.RecognitionBudgets.AsNoTracking()
            .Where(b => b.Year == quarter.Year && b.Quarter == quarter.Number)
            .ToDictionaryAsync(b => b.ManagerId, ct);
        managerIds = managerIds.Union(budgets.Keys).ToList();
        var names = await db.Employees.AsNoTracking().Where(e => managerIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.DisplayName, ct);
        var rows = managerIds
            .Select(id => budgets.TryGetValue(id, out var b)
                ? new ManagerBudget(id, names.GetValueOrDefault(id, "?"), b.Points, b.Spent)
                : new ManagerBudget(id, names.GetValueOrDefault(id, "?"), options.Value.DefaultQuarterBudget, 0))
            .OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        return new(quarter, options.Value.DefaultQuarterBudget, rows);
    }
}

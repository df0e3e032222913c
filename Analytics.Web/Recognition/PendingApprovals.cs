using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Recognition;

/// <summary>What HR needs beside a waiting award: the recipient's profile and what the giver has left this quarter.</summary>
public sealed record ApprovalContext(IReadOnlyDictionary<int, int> ProfileOf, IReadOnlyDictionary<int, int> BudgetLeft, string Quarter)
{
    public static ApprovalContext Empty { get; } = new(new Dictionary<int, int>(), new Dictionary<int, int>(), "");
}

/// <summary>The awards waiting for HR: how many (shown in HR's menu, so nothing waits unseen) and the context of each.</summary>
public sealed class PendingApprovals(AnalyticsDbContext db, RecognitionBudgets budgets, IOptions<RecognitionOptions> options)
{
    public Task<int> CountAsync(CancellationToken ct) =>
        db.RecognitionAwards.AsNoTracking().CountAsync(a => a.Status == AwardStatus.PendingApproval, ct);

    /// <summary>
    /// Each recipient's profile id (the lowest non-bot person of the employee, as everywhere) and each giver's points left in
    /// the current quarter: a giver without a budget row yet has the default (rows are created by the first award).
    /// </summary>
    public async Task<ApprovalContext> ContextAsync(IReadOnlyList<AwardRow> awards, CancellationToken ct)
    {
        var recipients = awards.Select(a => a.RecipientId).Distinct().ToList();
        var givers = awards.Select(a => a.GiverId).Distinct().ToList();
        var profiles = await db.Persons.AsNoTracking().Where(p => p.EmployeeId != null && recipients.Contains(p.EmployeeId.Value) && !p.IsBot)
            .GroupBy(p => p.EmployeeId!.Value)
            .Select(g => new { Employee = g.Key, Person = g.Min(p => p.Id) })
            .ToDictionaryAsync(x => x.Employee, x => x.Person, ct);
        var quarter = budgets.Current;
        var left = await db.RecognitionBudgets.AsNoTracking()
            .Where(b => givers.Contains(b.ManagerId) && b.Year == quarter.Year && b.Quarter == quarter.Number)
            .ToDictionaryAsync(b => b.ManagerId, b => b.Points - b.Spent, ct);
        foreach (var giver in givers)
            left.TryAdd(giver, options.Value.DefaultQuarterBudget);
        return new ApprovalContext(profiles, left, quarter.ToString());
    }
}

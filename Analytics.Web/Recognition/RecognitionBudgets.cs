using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Recognition;

/// <summary>
/// Budgets per manager and quarter. Rows are created lazily with the default; the unique index on
/// (ManagerId, Year, Quarter) decides between two requests creating the same row, and the loser re-reads.
/// </summary>
public sealed class RecognitionBudgets(AnalyticsDbContext db, IOptions<RecognitionOptions> options, TimeProvider clock)
{
    public Quarter Current => Quarter.Of(clock.GetUtcNow());

    public async Task<RecognitionBudget> GetOrCreateAsync(int managerId, Quarter quarter, string actor, CancellationToken ct)
    {
        var existing = await FindAsync(managerId, quarter, ct);
        if (existing is not null)
            return existing;

        var budget = new RecognitionBudget { ManagerId = managerId, Year = quarter.Year, Quarter = quarter.Number, Points = options.Value.DefaultQuarterBudget };
        db.RecognitionBudgets.Add(budget);
        db.AuditEntries.Add(Audit(actor, "budget.created", managerId, string.Create(CultureInfo.InvariantCulture, $"{quarter} points={budget.Points} (default)")));
        try
        {
            await db.SaveChangesAsync(ct);
            return budget;
        }
        catch (DbUpdateException)
        {
            // Another request created the row between our read and our insert (unique index): theirs
            // stands; ours and its audit entry are discarded. Any other failure is rethrown.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(managerId, quarter, ct);
            if (winner is null)
                throw;
            return winner;
        }
    }

    /// <summary>HR sets a quarter's points; never below what is already spent (the CHECK constraint agrees).</summary>
    public async Task<BudgetChange> SetAsync(int managerId, Quarter quarter, int points, string actor, CancellationToken ct)
    {
        if (points < 0)
            return BudgetChange.Invalid("Points cannot be negative.");
        // Refused here rather than by the foreign key: a DbUpdateException is a 500, not an answer.
        if (!await db.Employees.AnyAsync(e => e.Id == managerId, ct))
            return BudgetChange.Invalid(string.Create(CultureInfo.InvariantCulture, $"No employee has the id {managerId}."));
        var budget = await GetOrCreateAsync(managerId, quarter, actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.RecognitionBudgets
            .Where(b => b.Id == budget.Id && b.Spent <= points)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Points, points), ct);
        if (changed == 0)
            return BudgetChange.Invalid("Points cannot be set below what is already spent this quarter.");
        db.AuditEntries.Add(Audit(actor, "budget.changed", managerId,
            string.Create(CultureInfo.InvariantCulture, $"{quarter} points {budget.Points} -> {points}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return BudgetChange.Done;
    }

    public Task<RecognitionBudget?> FindAsync(int managerId, Quarter quarter, CancellationToken ct) =>
        db.RecognitionBudgets.AsNoTracking()
            .SingleOrDefaultAsync(b => b.ManagerId == managerId && b.Year == quarter.Year && b.Quarter == quarter.Number, ct);

    internal AuditEntry Audit(string actor, string action, int employeeId, string details) => new()
    {
        At = clock.GetUtcNow(),
        Actor = actor,
        Action = action,
        Subject = string.Create(CultureInfo.InvariantCulture, $"Employee:{employeeId}"),
        Details = details,
    };
}

public sealed record BudgetChange(bool Succeeded, string? Error)
{
    public static BudgetChange Done { get; } = new(true, null);
    public static BudgetChange Invalid(string error) => new(false, error);
}

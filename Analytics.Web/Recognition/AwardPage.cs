using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Recognition;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Recognition;

/// <summary>A person in the manager's line: the employee awards are given to, and the person id their profile and award links use.</summary>
public sealed record LineMember(int EmployeeId, int? PersonId, string Name);

public sealed record BudgetView(string Quarter, int Points, int Spent)
{
    public int Remaining => Points - Spent;
}

public sealed record AwardPageView(
    bool IsManager, BudgetView? Budget, int ApprovalThreshold, IReadOnlyList<LineMember> Line, LineMember? Recipient,
    IReadOnlyList<SuggestedContribution> RecipientContributions, SuggestionView Suggestions, IReadOnlyList<AwardRow> Given)
{
    public static AwardPageView Empty { get; } = new(false, null, 0, [], null, [], SuggestionView.Empty, []);
}

/// <summary>Everything the award page shows: the budget left, the line, suggestions, the chosen person's contributions.</summary>
public sealed class AwardPage(AnalyticsDbContext db, CurrentViewer viewer, RecognitionBudgets budgets, AwardSuggestions suggestions,
    RecognitionQuery query, IOptions<RecognitionOptions> options, TimeProvider clock)
{
    private const int ContributionsOffered = 10;

    /// <summary>
    /// The employee behind a person id. Award links carry the person id, the same id as the profile's address
    /// (/Recognition?person=61 is /People/61); awards themselves are given to the employee. 0 for no one.
    /// </summary>
    public async Task<int> EmployeeOfAsync(int? personId, CancellationToken ct) =>
        personId is { } id
            ? await db.Persons.AsNoTracking().Where(p => p.Id == id && !p.IsBot).Select(p => p.EmployeeId).FirstOrDefaultAsync(ct) ?? 0
            : 0;

    public async Task<AwardPageView> BuildAsync(int recipientId, CancellationToken ct)
    {
        if (!viewer.CanAward || viewer.EmployeeId is not { } me)
            return AwardPageView.Empty with { ApprovalThreshold = options.Value.ApprovalThreshold };

        var quarter = budgets.Current;
        var budget = await budgets.FindAsync(me, quarter, ct);
        // Until the first award creates the row, the quarter's budget is the default.
        var budgetView = new BudgetView(quarter.ToString(), budget?.Points ?? options.Value.DefaultQuarterBudget, budget?.Spent ?? 0);
        var ids = (await viewer.AwardLineAsync(ct)).ToList();
        // The person id of a profile (/People/{id}) is an employee's lowest non-bot person, as PersonAccess.MyPersonIdAsync.
        var line = await db.Employees.AsNoTracking().Where(e => ids.Contains(e.Id))
            .OrderBy(e => e.DisplayName)
            .Select(e => new LineMember(e.Id,
                db.Persons.Where(p => p.EmployeeId == e.Id && !p.IsBot).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefault(),
                e.DisplayName))
            .ToListAsync(ct);
        var contributions = ids.Contains(recipientId)
            ? await suggestions.ContributionsAsync(recipientId, new ReportingPeriod(suggestions.LastFullMonth.From,
                DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), "recent"), ContributionsOffered, ct)
            : [];
        return new AwardPageView(true, budgetView, options.Value.ApprovalThreshold, line, line.Find(m => m.EmployeeId == recipientId), contributions,
            await suggestions.ForViewerAsync(ct), await query.GivenByAsync(me, 20, ct));
    }
}

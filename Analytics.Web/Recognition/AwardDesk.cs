using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Email;
using Analytics.Jobs.Recognition;
using Analytics.Web.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Recognition;

public sealed record AwardRequest(int RecipientId, RecognitionCategory Category, string? Message, int Points, IReadOnlyList<long>? EvidenceActivityIds);

public enum AwardOutcome
{
    Awarded,
    PendingApproval,
    NotAManager,
    NotInLine,
    Invalid,
    BudgetExceeded,
}

public sealed record AwardResult(AwardOutcome Outcome, string? Error = null, long? AwardId = null)
{
    public bool Succeeded => Outcome is AwardOutcome.Awarded or AwardOutcome.PendingApproval;
}

public sealed record DecisionResult(bool Succeeded, string? Error = null);

/// <summary>
/// Gives, approves and rejects awards. Each change and its audit entry commit together; the budget
/// moves only through conditional updates, so the database decides races, not this process.
/// </summary>
public sealed class AwardDesk(AnalyticsDbContext db, CurrentViewer viewer, RecognitionBudgets budgets, IOptions<RecognitionOptions> options, TimeProvider clock,
    EmailDigests digests, EmailOutbox outbox)
{
    public async Task<AwardResult> AwardAsync(AwardRequest request, CancellationToken ct)
    {
        if (!viewer.CanAward || viewer.EmployeeId is not { } giver)
            return new(AwardOutcome.NotAManager, "Only managers and leadership linked to an employee can give awards.");
        if (request.RecipientId == giver)
            return new(AwardOutcome.NotInLine, "You cannot award yourself.");
        if (!(await viewer.AwardLineAsync(ct)).Contains(request.RecipientId))
            return new(AwardOutcome.NotInLine, "You can only award people in your reporting line.");
        var message = request.Message?.Trim() ?? "";
        if (message.Length is 0 or > 2000)
            return new(AwardOutcome.Invalid, "Write a message of up to 2,000 characters.");
        if (!Enum.IsDefined(request.Category))
            return new(AwardOutcome.Invalid, "Choose a category.");
        if (request.Points < 1 || request.Points > options.Value.MaxAwardPoints)
            return new(AwardOutcome.Invalid, string.Create(CultureInfo.InvariantCulture, $"Points must be between 1 and {options.Value.MaxAwardPoints}."));
        var evidence = (request.EvidenceActivityIds ?? []).Distinct().ToList();
        List<AwardEvidence> snapshots = [];
        if (evidence.Count > 0)
        {
            var contributionTypes = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
            var own = await db.Activities.AsNoTracking().Include(a => a.SourceSystem).Include(a => a.Item)
                .Where(a => evidence.Contains(a.Id) && contributionTypes.Contains(a.Type) && a.ActorAccount!.Person!.EmployeeId == request.RecipientId)
                .ToListAsync(ct);
            if (own.Count != evidence.Count)
                return new(AwardOutcome.Invalid, "Linked contributions must be the recipient's own.");
            // The award outlives the raw activity (retention): keep what the evidence showed (ADR 1404).
            snapshots = own.Select(AwardEvidence.Of).ToList();
        }

        var budget = await budgets.GetOrCreateAsync(giver, budgets.Current, viewer.Name, ct);
        var pending = request.Points > options.Value.ApprovalThreshold;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The one statement that spends: a racing award either fits in what is left or changes nothing.
        var spent = await db.RecognitionBudgets
            .Where(b => b.Id == budget.Id && b.Spent + request.Points <= b.Points)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Spent, b => b.Spent + request.Points), ct);
        if (spent != 1)
        {
            await tx.RollbackAsync(ct);
            return new(AwardOutcome.BudgetExceeded, "Not enough budget left this quarter for that many points.");
        }

        var award = new RecognitionAward
        {
            GiverId = giver,
            RecipientId = request.RecipientId,
            BudgetId = budget.Id,
            Category = request.Category,
            Message = message,
            Points = request.Points,
            Status = pending ? AwardStatus.PendingApproval : AwardStatus.Approved,
            CreatedAt = clock.GetUtcNow(),
            Evidence = snapshots,
        };
        db.RecognitionAwards.Add(award);
        await db.SaveChangesAsync(ct);
        db.AuditEntries.Add(budgets.Audit(viewer.Name, "award.created", request.RecipientId, string.Create(CultureInfo.InvariantCulture,
            $"award={award.Id} points={award.Points} category={award.Category} status={award.Status} budget={budgets.Current} evidence={evidence.Count}")));
        if (!pending)
            await digests.AddAwardApprovedAsync(award.Id, ct); // commits with the award (ADR 1821)
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (!pending && outbox.Enabled)
            outbox.TriggerSend();
        return new(pending ? AwardOutcome.PendingApproval : AwardOutcome.Awarded, null, award.Id);
    }

    public async Task<DecisionResult> ApproveAsync(long awardId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var award = await DecideAsync(awardId, AwardStatus.Approved, null, ct);
        if (award is null)
            return new(false, "The award is not waiting for approval.");
        db.AuditEntries.Add(budgets.Audit(viewer.Name, "award.approved", award.RecipientId,
            string.Create(CultureInfo.InvariantCulture, $"award={award.Id} points={award.Points}")));
        await digests.AddAwardApprovedAsync(award.Id, ct); // commits with the approval (ADR 1821)
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (outbox.Enabled)
            outbox.TriggerSend();
        return new(true);
    }

    /// <summary>Rejects a pending award and returns its points to the budget it was spent from.</summary>
    public async Task<DecisionResult> RejectAsync(long awardId, string? reason, CancellationToken ct)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
            return new(false, "Give a reason of up to 1,000 characters.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var award = await DecideAsync(awardId, AwardStatus.Rejected, reason, ct);
        if (award is null)
            return new(false, "The award is not waiting for approval.");
        var restored = await db.RecognitionBudgets
            .Where(b => b.Id == award.BudgetId && b.Spent >= award.Points)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Spent, b => b.Spent - award.Points), ct);
        if (restored != 1)
            throw new InvalidOperationException($"Budget {award.BudgetId} has spent less than award {award.Id}'s points: the ledger is inconsistent.");
        db.AuditEntries.Add(budgets.Audit(viewer.Name, "award.rejected", award.RecipientId,
            string.Create(CultureInfo.InvariantCulture, $"award={award.Id} points={award.Points} returned to budget={award.BudgetId} reason={reason}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true);
    }

    /// <summary>Moves a pending award to its decision; null when another HR user decided it first.</summary>
    private async Task<RecognitionAward?> DecideAsync(long awardId, AwardStatus status, string? reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var name = viewer.Name;
        var changed = await db.RecognitionAwards
            .Where(a => a.Id == awardId && a.Status == AwardStatus.PendingApproval)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.DecidedBy, name)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.DecisionReason, reason), ct);
        return changed == 1 ? await db.RecognitionAwards.AsNoTracking().SingleAsync(a => a.Id == awardId, ct) : null;
    }
}

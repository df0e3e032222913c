using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Analytics.Jobs.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Scoring;

public sealed record ScoringRulesView(DateOnly Today, IReadOnlyList<ScoringRule> InForce, IReadOnlyList<ScoringRule> History, IReadOnlyList<AuditEntry> Audit);

/// <summary>The scoring rules in force today, their full history and the audit trail of their changes.</summary>
public sealed class ScoringRulesQuery(AnalyticsDbContext db, TimeProvider clock)
{
    public const int AuditRows = 100;

    public async Task<ScoringRulesView> RunAsync(CancellationToken ct)
    {
        await ScoringRuleStore.EnsureDefaultsAsync(db, clock, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rules = await db.ScoringRules.AsNoTracking().ToListAsync(ct);
        var history = rules.OrderBy(r => r.Type).ThenByDescending(r => r.EffectiveFrom).ToList();
        var inForce = rules.Where(r => r.EffectiveFrom <= today && (r.EffectiveTo is null || r.EffectiveTo > today)).OrderBy(r => r.Type).ToList();
        var audit = (await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("scoring.")).ToListAsync(ct))
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(AuditRows).ToList();
        return new ScoringRulesView(today, inForce, history, audit);
    }
}

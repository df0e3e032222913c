using System.Globalization;
using Analytics.Domain.Aggregation;
using Analytics.Domain.Auditing;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Scoring;

/// <summary>New values for the rule of one activity type, in force from a day on.</summary>
public sealed record ScoringRuleChange(
    ActivityType Type, double PointsPerEvent, double? CrossTeamPointsPerEvent, int? DailyCapPerPerson, int? PairCapPerMonth, DateOnly EffectiveFrom);

/// <summary>Scoring rules as data: seeded defaults, effective-dated changes, each change audited.</summary>
public sealed class ScoringRuleStore(AnalyticsDbContext db, TimeProvider clock)
{
    public static async Task EnsureDefaultsAsync(AnalyticsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.ScoringRules.AnyAsync(ct))
            return;
        var now = clock.GetUtcNow();
        var rules = DefaultScoringRules.Create(now);
        foreach (var rule in rules)
            rule.CreatedAt = now;
        db.ScoringRules.AddRange(rules);
        db.AuditEntries.Add(new AuditEntry { At = now, Actor = "system", Action = "scoring.seeded", Details = $"{rules.Count} default rules" });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    public const double MaxPointsPerEvent = 1000;

    private static bool IsPoints(double value) => double.IsFinite(value) && value is >= 0 and <= MaxPointsPerEvent;

    private static string Show(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>
    /// Closes the rule in force on <see cref="ScoringRuleChange.EffectiveFrom"/> and adds the new one, audits the
    /// change and marks the days of open months from then on, so their points follow the new rule. Closed
    /// months keep their points until HR asks for a recompute.
    /// </summary>
    public async Task<ScoringRule> ChangeAsync(ScoringRuleChange change, string actor, CancellationToken ct)
    {
        // Points feed sums over every event: NaN or an infinity would poison every total it touches.
        if (!IsPoints(change.PointsPerEvent) || change.CrossTeamPointsPerEvent is { } cross && !IsPoints(cross))
            throw new InvalidOperationException($"Points per event must be a finite number from 0 to {MaxPointsPerEvent.ToString(CultureInfo.InvariantCulture)}.");
        await EnsureDefaultsAsync(db, clock, ct);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rules = await db.ScoringRules.Where(r => r.Type == change.Type).OrderBy(r => r.EffectiveFrom).ToListAsync(ct);
        if (rules.Any(r => r.EffectiveFrom >= change.EffectiveFrom))
            throw new InvalidOperationException($"A rule for {change.Type.Code()} already starts on or after {change.EffectiveFrom:yyyy-MM-dd}; changes only add to the end of the history.");
        var current = rules.LastOrDefault(r => r.EffectiveTo is null || r.EffectiveTo > change.EffectiveFrom);
        if (current is not null)
            current.EffectiveTo = change.EffectiveFrom;

        var rule = new ScoringRule
        {
            Type = change.Type,
            PointsPerEvent = change.PointsPerEvent,
            CrossTeamPointsPerEvent = change.CrossTeamPointsPerEvent,
            DailyCapPerPerson = change.DailyCapPerPerson,
            PairCapPerMonth = change.PairCapPerMonth,
            EffectiveFrom = change.EffectiveFrom,
            CreatedAt = now,
            CreatedBy = actor,
        };
        db.ScoringRules.Add(rule);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "scoring.changed",
            Subject = $"ScoringRule:{change.Type.Code()}",
            Details = FormattableString.Invariant(
                $"from {change.EffectiveFrom:yyyy-MM-dd}: {change.PointsPerEvent} points, cross-team {Show(change.CrossTeamPointsPerEvent)}, daily cap {Show(change.DailyCapPerPerson)}, pair cap {Show(change.PairCapPerMonth)}{(current is null ? "" : $"; replaces rule {current.Id}")}"),
        });
        await db.SaveChangesAsync(ct);

        var closed = await db.MonthCloses.Select(m => m.Month).ToListAsync(ct);
        var days = await db.DailyPersonMetrics.Where(p => p.Type == change.Type && p.Day >= change.EffectiveFrom)
            .Select(p => p.Day).Distinct().ToListAsync(ct);
        await DirtyDays.MarkAsync(db, days.Where(d => !closed.Contains(new DateOnly(d.Year, d.Month, 1))), now, ct);
        await transaction.CommitAsync(ct);
        return rule;
    }
}

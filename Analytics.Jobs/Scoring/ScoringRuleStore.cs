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

/// <summary>A rule change or withdrawal the store refuses; the message says why, for the form or the API's 400.</summary>
public sealed class ScoringRuleRefusedException(string message) : InvalidOperationException(message);

/// <summary>Scoring rules as data: seeded defaults, effective-dated changes, each change audited.</summary>
public sealed class ScoringRuleStore(AnalyticsDbContext db, TimeProvider clock)
{
    /// <summary>The earliest effective date: the seeded defaults start on it (docs/metrics.md).</summary>
    public static readonly DateOnly EarliestEffectiveFrom = new(2000, 1, 1);

    /// <summary>
    /// A new rule starts at most this many years after today (ADR 1643): a rule far in the future would close
    /// the history of its type, since changes only add to the end of it (a 9999-12-31 rule froze its type).
    /// </summary>
    public const int MaxYearsAhead = 2;

    public static string DateRule(DateOnly today) =>
        FormattableString.Invariant($"the effective date must be between {EarliestEffectiveFrom:yyyy-MM-dd} and {today.AddYears(MaxYearsAhead):yyyy-MM-dd} ({MaxYearsAhead} years from today)");

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
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (change.EffectiveFrom < EarliestEffectiveFrom || change.EffectiveFrom > today.AddYears(MaxYearsAhead))
            throw new ScoringRuleRefusedException(FormattableString.Invariant($"{change.EffectiveFrom:yyyy-MM-dd} is refused: {DateRule(today)}."));
        // Points feed sums over every event: NaN or an infinity would poison every total it touches.
        if (!IsPoints(change.PointsPerEvent) || change.CrossTeamPointsPerEvent is { } cross && !IsPoints(cross))
            throw new ScoringRuleRefusedException($"Points per event must be a finite number from 0 to {MaxPointsPerEvent.ToString(CultureInfo.InvariantCulture)}.");
        await EnsureDefaultsAsync(db, clock, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rules = await db.ScoringRules.Where(r => r.Type == change.Type).OrderBy(r => r.EffectiveFrom).ToListAsync(ct);
        if (rules.Any(r => r.EffectiveFrom >= change.EffectiveFrom))
            throw new ScoringRuleRefusedException($"A rule for {change.Type.Code()} already starts on or after {change.EffectiveFrom:yyyy-MM-dd}; changes only add to the end of the history (a rule that has not started yet can be withdrawn first).");
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

    /// <summary>
    /// Withdraws a rule that has not started yet (effective after today): the row is deleted, the rule before
    /// it runs on to where the withdrawn one ended, and the withdrawal is audited with the rule's values. Rules
    /// in force or past stay: history is changed only by adding a rule. Returns false for an unknown id.
    /// </summary>
    public async Task<bool> WithdrawAsync(int ruleId, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var rule = await db.ScoringRules.FirstOrDefaultAsync(r => r.Id == ruleId, ct);
        if (rule is null)
            return false;
        if (rule.EffectiveFrom <= today)
            throw new ScoringRuleRefusedException(FormattableString.Invariant(
                $"Rule {rule.Id} has been in force since {rule.EffectiveFrom:yyyy-MM-dd}: only a rule that has not started yet can be withdrawn; change it by adding a new rule."));

        var previous = await db.ScoringRules.FirstOrDefaultAsync(r => r.Type == rule.Type && r.EffectiveTo == rule.EffectiveFrom, ct);
        if (previous is not null)
            previous.EffectiveTo = rule.EffectiveTo;
        db.ScoringRules.Remove(rule);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "scoring.withdrawn",
            Subject = $"ScoringRule:{rule.Type.Code()}",
            Details = FormattableString.Invariant(
                $"rule {rule.Id} from {rule.EffectiveFrom:yyyy-MM-dd}: {rule.PointsPerEvent} points, cross-team {Show(rule.CrossTeamPointsPerEvent)}, daily cap {Show(rule.DailyCapPerPerson)}, pair cap {Show(rule.PairCapPerMonth)}{(previous is null ? "" : $"; rule {previous.Id} runs on")}"),
        });
        await db.SaveChangesAsync(ct);

        // Days on or after the withdrawn start are scored by the previous rule again (normally none exist yet).
        var closed = await db.MonthCloses.Select(m => m.Month).ToListAsync(ct);
        var days = await db.DailyPersonMetrics.Where(p => p.Type == rule.Type && p.Day >= rule.EffectiveFrom)
            .Select(p => p.Day).Distinct().ToListAsync(ct);
        await DirtyDays.MarkAsync(db, days.Where(d => !closed.Contains(new DateOnly(d.Year, d.Month, 1))), now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}

using Analytics.Domain.Auditing;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Topics;

/// <summary>A topic change HR asked for that cannot be made; the message says why.</summary>
public sealed class TopicRuleRefusedException(string message) : Exception(message);

/// <summary>
/// HR's merges and hidden topics, and each person's "hide me from expertise search", each written with its audit
/// entry in one SaveChanges (one transaction), so a change is never stored unaudited.
/// </summary>
public sealed class TopicRuleStore(AnalyticsDbContext db, TimeProvider clock)
{
    public async Task<string> MergeAsync(string? topic, string? into, string actor, CancellationToken ct)
    {
        var from = Key(topic, "topic");
        var target = Key(into, "target topic");
        if (from == target)
            throw new TopicRuleRefusedException($"'{topic}' and '{into}' are the same topic ({from}).");
        var rules = await TopicRuleSet.LoadAsync(db, ct);
        var resolved = rules.Resolve(target);
        if (resolved is null)
            throw new TopicRuleRefusedException($"'{target}' is hidden: show it before merging into it.");
        if (resolved == from)
            throw new TopicRuleRefusedException($"'{target}' is already merged into '{from}': merging back would make a cycle.");
        var rule = await RuleAsync(from, actor, ct);
        rule.MergeIntoKey = resolved;
        Audit(actor, "topic.merged", from, $"into {resolved}");
        await db.SaveChangesAsync(ct);
        return resolved;
    }

    public async Task UnmergeAsync(string? topic, string actor, CancellationToken ct)
    {
        var key = Key(topic, "topic");
        var rule = await db.TopicRules.SingleOrDefaultAsync(r => r.TopicKey == key, ct)
                   ?? throw new TopicRuleRefusedException($"'{key}' is not merged.");
        if (rule.MergeIntoKey is null)
            throw new TopicRuleRefusedException($"'{key}' is not merged.");
        Audit(actor, "topic.unmerged", key, $"was merged into {rule.MergeIntoKey}");
        rule.MergeIntoKey = null;
        rule.ChangedBy = actor;
        rule.ChangedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public async Task SetHiddenAsync(string? topic, bool hidden, string actor, CancellationToken ct)
    {
        var key = Key(topic, "topic");
        var rule = await RuleAsync(key, actor, ct);
        rule.Hidden = hidden;
        Audit(actor, hidden ? "topic.hidden" : "topic.shown", key, null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>An employee hides themselves from expertise search (or shows themselves again), audited.</summary>
    public async Task SetHiddenFromExpertiseAsync(int employeeId, bool hidden, string actor, CancellationToken ct)
    {
        var employee = await db.Employees.SingleAsync(e => e.Id == employeeId, ct);
        if (employee.HiddenFromExpertise == hidden)
            return;
        employee.HiddenFromExpertise = hidden;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), Actor = actor, Action = hidden ? "expertise.hidden" : "expertise.shown",
            Subject = FormattableString.Invariant($"Employee:{employeeId}"),
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Key(string? typed, string what) =>
        TopicNames.Normalise(typed) ?? throw new TopicRuleRefusedException($"The {what} is empty.");

    private async Task<TopicRule> RuleAsync(string key, string actor, CancellationToken ct)
    {
        var rule = await db.TopicRules.SingleOrDefaultAsync(r => r.TopicKey == key, ct);
        if (rule is null)
        {
            rule = new TopicRule { TopicKey = key, ChangedBy = actor };
            db.TopicRules.Add(rule);
        }

        rule.ChangedBy = actor;
        rule.ChangedAt = clock.GetUtcNow();
        return rule;
    }

    private void Audit(string actor, string action, string key, string? details) =>
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = actor, Action = action, Subject = $"Topic:{key}", Details = details });
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Topics;

/// <summary>HR's merges and hidden topics, applied to every topic key read from the items (ADR 1701).</summary>
public sealed class TopicRuleSet(IReadOnlyDictionary<string, TopicRule> rules)
{
    // Merges are refused when they would form a cycle; the bound only protects readers from a hand-edited database.
    private const int MaxHops = 16;

    public static TopicRuleSet Empty { get; } = new(new Dictionary<string, TopicRule>());

    public IReadOnlyCollection<TopicRule> Rules => rules.Values as IReadOnlyCollection<TopicRule> ?? rules.Values.ToList();

    public static async Task<TopicRuleSet> LoadAsync(AnalyticsDbContext db, CancellationToken ct) =>
        new(await db.TopicRules.AsNoTracking().ToDictionaryAsync(r => r.TopicKey, StringComparer.Ordinal, ct));

    /// <summary>The topic a key counts for after merges; null when it (or the topic it is merged into) is hidden.</summary>
    public string? Resolve(string key)
    {
        var current = key;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            if (!rules.TryGetValue(current, out var rule))
                return current;
            if (rule.Hidden)
                return null;
            if (rule.MergeIntoKey is null)
                return current;
            current = rule.MergeIntoKey;
        }

        return current;
    }

    /// <summary>The topics of an item after normalising, merging and hiding, each once.</summary>
    public IReadOnlyList<string> TopicsOf(string? rawTopics)
    {
        var keys = TopicNames.Split(rawTopics);
        if (keys.Count == 0)
            return keys;
        var result = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            if (Resolve(key) is { } resolved && !result.Contains(resolved, StringComparer.Ordinal))
                result.Add(resolved);
        }

        return result;
    }
}

using System.Text;

namespace Analytics.Domain.Knowledge;

/// <summary>
/// One spelling per topic: "Machine-Learning", "machine learning" and "machine_learnings" are all "machine learning".
/// Items carry their sources' own tags, spaces and channels (<see cref="KnowledgeItem.Topics"/>, '|'-separated); every
/// page, export and the report name a topic by this key, so two spellings never split one topic's experts in two.
/// </summary>
public static class TopicNames
{
    public const int MaxLength = 100;

    /// <summary>Separators between words: hyphen, underscore, slash, whitespace. Dots stay: ".net" and "node.js" mean them.</summary>
    private static bool IsSeparator(char c) => c is '-' or '_' or '/' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c);

    // Words ending in "s" that are not plurals: names of things teams talk about, kept as they are.
    private static readonly HashSet<string> NotPlural = new(StringComparer.Ordinal)
    {
        "kubernetes", "postgres", "jenkins", "windows", "series", "species", "news", "devops", "mlops", "gitops", "devsecops",
        "finops", "ops", "sales", "https", "ios", "macos", "ipados", "tvos", "watchos", "canvas", "alias", "atlas", "bias",
        "gas", "aws", "dns", "css", "sass", "less", "redis", "express", "analytics", "statistics", "physics", "economics",
        "ethics", "logistics", "mathematics", "metrics", "diagnostics", "graphics", "ergonomics", "semantics", "basics",
        "status", "corpus", "campus", "bonus", "focus", "virus", "census", "consensus", "thesis", "analysis", "basis",
        "crisis", "diagnosis", "synopsis", "axis", "chaos", "kudos", "pros", "cons", "terms", "ethos", "bus", "plus",
        "tennis", "this", "yes", "always", "perhaps", "whereas", "towards", "afterwards", "does", "has", "was", "is", "us",
    };

    /// <summary>The topic key of one raw tag, space or channel name; null when nothing is left of it.</summary>
    public static string? Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in raw.Trim().Normalize(NormalizationForm.FormKC))
        {
            if (IsSeparator(c))
            {
                Flush();
                continue;
            }

            word.Append(char.ToLowerInvariant(c));
        }

        Flush();
        if (words.Count == 0)
            return null;
        // Only the last word is a plural to undo: "release notes" → "release note", while "sales pipeline" keeps "sales".
        words[^1] = Singular(words[^1]);
        var key = string.Join(' ', words);
        return key.Length <= MaxLength ? key : key[..MaxLength].TrimEnd();

        void Flush()
        {
            if (word.Length > 0)
                words.Add(word.ToString());
            word.Clear();
        }
    }

    /// <summary>The distinct topic keys of an item's '|'-separated <see cref="KnowledgeItem.Topics"/>, in order of first mention.</summary>
    public static IReadOnlyList<string> Split(string? topics)
    {
        if (string.IsNullOrWhiteSpace(topics))
            return [];
        var keys = new List<string>();
        foreach (var part in topics.Split('|'))
        {
            if (Normalise(part) is { } key && !keys.Contains(key, StringComparer.Ordinal))
                keys.Add(key);
        }

        return keys;
    }

    /// <summary>English plural → singular for the usual regular forms; anything short, unknown or irregular stays as it is.</summary>
    public static string Singular(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 3 || NotPlural.Contains(word) || !word.EndsWith('s') || !word.All(char.IsLetter))
            return word;
        if (word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("sses", StringComparison.Ordinal))
            return word;
        if (word.EndsWith("us", StringComparison.Ordinal) || word.EndsWith("is", StringComparison.Ordinal))
            return word;
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
            return word[..^3] + "y";
        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("zzes", StringComparison.Ordinal))
            return word[..^2];
        return word[..^1];
    }
}

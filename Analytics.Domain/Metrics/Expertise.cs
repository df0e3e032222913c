using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Metrics;

/// <summary>
/// How much one person knows about one topic, from the evidence the sources hold (ADR 1702): their own contributions
/// on items of the topic and the reuse other people made of the items they wrote, each weighted by kind and by how
/// recent it is. <see cref="MetricCatalog.Expertise"/> says the same in words; both read the weights from here.
/// </summary>
public static class Expertise
{
    public const int DefaultWindowMonths = 12;

    /// <summary>Evidence loses half its weight every this many days before the window's end.</summary>
    public const double HalfLifeDays = 180;

    /// <summary>Contributions that show knowledge of the item's topic, credited to the person who made them.</summary>
    public static IReadOnlyDictionary<ActivityType, double> ContributionWeights { get; } = new Dictionary<ActivityType, double>
    {
        [ActivityType.Authored] = 3,
        [ActivityType.Answered] = 3,
        [ActivityType.Presented] = 3,
        [ActivityType.Mentored] = 2, // per hour
        [ActivityType.Edited] = 1,
    };

    /// <summary>Reuse of an item by someone other than its author, credited to the author.</summary>
    public static IReadOnlyDictionary<ActivityType, double> ReuseWeights { get; } = new Dictionary<ActivityType, double>
    {
        [ActivityType.Accepted] = 5,
        [ActivityType.Linked] = 2,
        [ActivityType.Upvoted] = 1,
        [ActivityType.Viewed] = 0.1,
    };

    public static IReadOnlyList<ActivityType> CountedTypes { get; } = [.. ContributionWeights.Keys, .. ReuseWeights.Keys];

    /// <summary>The window of <see cref="DefaultWindowMonths"/> months ending on <paramref name="end"/> (inclusive).</summary>
    public static (DateOnly From, DateOnly To) Window(DateOnly end, int months = DefaultWindowMonths) => (end.AddMonths(-months).AddDays(1), end);

    /// <summary>1 on the window's last day, one half <see cref="HalfLifeDays"/> earlier, and so on.</summary>
    public static double Recency(DateOnly day, DateOnly windowEnd)
    {
        var age = Math.Max(0, windowEnd.DayNumber - day.DayNumber);
        return Math.Pow(2, -age / HalfLifeDays);
    }

    /// <summary>
    /// The points of one activity towards its credited person's score: weight × quantity × recency; 0 for types that
    /// are no evidence of expertise (asked, commented, posted, learning...).
    /// </summary>
    public static double Points(ActivityType type, double quantity, DateOnly day, DateOnly windowEnd)
    {
        var weight = ContributionWeights.GetValueOrDefault(type) + ReuseWeights.GetValueOrDefault(type);
        return weight == 0 ? 0 : weight * quantity * Recency(day, windowEnd);
    }

    /// <summary>
    /// Bus factor of a topic: the fewest people whose scores together make at least half of the topic's total.
    /// 0 when nobody has a score. Scores are sorted here, so the caller's order does not matter.
    /// </summary>
    public static int BusFactor(IEnumerable<double> scores)
    {
        var sorted = scores.Where(s => s > 0).OrderByDescending(s => s).ToList();
        var total = sorted.Sum();
        if (total <= 0)
            return 0;
        var sum = 0d;
        for (var i = 0; i < sorted.Count; i++)
        {
            sum += sorted[i];
            if (sum >= total / 2)
                return i + 1;
        }

        return sorted.Count;
    }

    public const double BusFactorShare = 0.5;

    /// <summary>A topic whose bus factor is at most this is at risk.</summary>
    public const int RiskBusFactor = 2;

    /// <summary>A topic whose main contributors who left or are leaving hold at least this share of it is at risk.</summary>
    public const double LeaverRiskShare = 0.2;
}

namespace Analytics.Domain.Metrics;

/// <summary>Ratios of group figures; null when the denominator is zero, never a made-up zero.</summary>
public static class GroupRates
{
    public static double? ActiveContributorRate(int activeContributors, int headcount) =>
        headcount == 0 ? null : (double)activeContributors / headcount;

    public static double? ReuseRatio(double reuseReceived, double contributions) =>
        contributions <= 0 ? null : reuseReceived / contributions;

    /// <summary>A silo: some reuse in the period, and under 10% of it crossing the department's border either way.</summary>
    public static bool IsSilo(double reuseOfOwnKnowledge, double reusedFromOthers, double reuseByOwnPeople, double reuseOfOthersKnowledge)
    {
        const double threshold = 0.10;
        if (reuseOfOwnKnowledge + reuseByOwnPeople <= 0)
            return false;
        var inShare = reuseOfOwnKnowledge <= 0 ? 0 : reusedFromOthers / reuseOfOwnKnowledge;
        var outShare = reuseByOwnPeople <= 0 ? 0 : reuseOfOthersKnowledge / reuseByOwnPeople;
        return inShare < threshold && outShare < threshold;
    }
}

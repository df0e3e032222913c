using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Reports.Monthly;

/// <summary>Settings of the monthly leadership report.</summary>
public sealed class MonthlyReportOptions
{
    public const string Section = "Reports";

    public const int DefaultMinimumGroupSize = 5;

    /// <summary>
    /// Groups with fewer people than this have their figures suppressed (product.md, Privacy). Always taken from
    /// Privacy:MinimumGroupSize, the one setting of pages, API and exports; a Reports:MinimumGroupSize is ignored.
    /// </summary>
    [Range(1, 1000)] public int MinimumGroupSize { get; set; } = DefaultMinimumGroupSize;

    /// <summary>Rows on the Leaderboard and Top reused items sheets.</summary>
    [Range(1, 1000)] public int TopRows { get; set; } = 25;
}

using System.ComponentModel.DataAnnotations;

namespace Analytics.Web.Caching;

public sealed class DashboardCacheOptions
{
    public const string Section = "DashboardCache";

    /// <summary>
    /// How long a request waits for figures of the current data version when figures of an older version exist.
    /// Past it, the older figures are served while the new ones are computed (once, for everyone).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RefreshWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Longest time figures are served without recomputing even when no data changed: some depend on the clock
    /// (a question turns unanswered seven days after it was asked).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Distinct read models kept per kind (overview, leaderboard, profile…: periods × filters × people); the least recently used go first.</summary>
    [Range(16, 100_000)]
    public int MaxEntries { get; set; } = 512;

    /// <summary>Compute the default overview and leaderboard when the app starts.</summary>
    public bool WarmUpOnStart { get; set; } = true;

    /// <summary>SQL Server only: the longest figures stay unchanged after a write (see IntervalDataVersion).</summary>
    [Range(1, 3600)]
    public int SqlServerRefreshSeconds { get; set; } = 30;
}

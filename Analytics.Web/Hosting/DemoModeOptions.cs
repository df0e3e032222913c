using System.ComponentModel.DataAnnotations;

namespace Analytics.Web.Hosting;

/// <summary>Demo mode: seed a generated organisation into an empty database on first start. Never on in production.</summary>
public sealed class DemoModeOptions
{
    public const string Section = "Demo";
    public const string ExportsFolderName = "demo-exports";

    public bool Enabled { get; set; }
    [Range(50, 100_000)] public int Employees { get; set; } = 500;
    /// <summary>
    /// Thirteen months by default: the scorecard and the report compare the last full month with the same month a year
    /// before, which twelve months of data leave uncovered (n/a in every "a year before" column, issue 18 part 5).
    /// </summary>
    [Range(1, 120)] public int Months { get; set; } = 13;
    public int Seed { get; set; } = 42;

    /// <summary>
    /// The last full months the demo closes and reports on start (ADR 1831): enough for Reports, the report's
    /// month-on-month change and a frozen leaderboard; older months stay open (catch-up starts after the last closed).
    /// </summary>
    /// <summary>
    /// Sample exports in the connectors' formats under the data folder ("demo-exports"), read by the demo sources, so an
    /// admin can press "Sync now" on first start (ADR 1832).
    /// </summary>
    public bool SampleExports { get; set; } = true;

    [Range(0, 12)] public int ClosedMonths { get; set; } = 3;
}

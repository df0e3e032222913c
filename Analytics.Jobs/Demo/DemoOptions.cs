using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Demo;

/// <summary>Size and seed of the demo organisation. The same values always give the same data.</summary>
public sealed record DemoOptions
{
    [Range(50, 100_000)] public int Employees { get; init; } = 500;
    [Range(1, 120)] public int Months { get; init; } = 12;
    public int Seed { get; init; } = 42;

    /// <summary>Last month of the window (first day); default the last full month before today.</summary>
    public DateOnly? EndMonth { get; init; }

    /// <summary>
    /// Where to write small sample exports in the connectors' formats and point the demo sources at them, so "Sync now"
    /// runs a real connector (ADR 1832); null keeps the sources of kind "demo", which no connector reads.
    /// </summary>
    public string? ExportsFolder { get; init; }
}

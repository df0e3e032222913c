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
}

using System.ComponentModel.DataAnnotations;

namespace Analytics.Web.Hosting;

/// <summary>Demo mode: seed a generated organisation into an empty database on first start. Never on in production.</summary>
public sealed class DemoModeOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }
    [Range(50, 100_000)] public int Employees { get; set; } = 500;
    [Range(1, 120)] public int Months { get; set; } = 12;
    public int Seed { get; set; } = 42;
}

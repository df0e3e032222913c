using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Recognition;

/// <summary>Budgets and approval of manager awards (product.md, "Recognition").</summary>
public sealed class RecognitionOptions
{
    public const string Section = "Recognition";

    /// <summary>Points a manager gets for a quarter until HR sets another figure.</summary>
    [Range(0, 1_000_000)] public int DefaultQuarterBudget { get; init; } = 500;

    /// <summary>Awards of more points than this wait for HR approval.</summary>
    [Range(0, 1_000_000)] public int ApprovalThreshold { get; init; } = 100;

    /// <summary>Largest single award, so a typo cannot take the whole budget.</summary>
    [Range(1, 1_000_000)] public int MaxAwardPoints { get; init; } = 500;
}

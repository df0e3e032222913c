using System.ComponentModel.DataAnnotations;

namespace Analytics.Web.Dashboard;

/// <summary>Privacy settings for group figures on pages and the API (product.md, "Privacy and trust").</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Groups with fewer people than this in the period show no figures; their people still count in the parent's figures.</summary>
    [Range(1, 1000)] public int MinimumGroupSize { get; init; } = 5;
}

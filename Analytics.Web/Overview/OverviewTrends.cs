using System.Globalization;

namespace Analytics.Web.Overview;

/// <summary>A trend by month on the overview: its chart's address, title and how a month's value is read and shown.</summary>
public sealed record OverviewTrend(string Code, string Title, string Axis, Func<OverviewMonth, double?> Value, bool IsRate)
{
    public string ChartPath => Code == "contributions" ? OverviewCharts.ContributionsByMonthPath : $"/charts/overview/{Code}.png";

    public string Format(double? value) => value is not { } v ? "–"
        : IsRate ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"
        : v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The bar height: rates in percent, an undefined rate (no headcount, no reuse, no question) as 0.</summary>
    public double BarValue(OverviewMonth month) => Value(month) is { } v ? (IsRate ? v * 100 : v) : 0;

    public static IReadOnlyList<OverviewTrend> All { get; } =
    [
        new("contributions", "Contributions per month", "Contributions", m => m.Figures.Contributions, IsRate: false),
        new("active-contributor-rate", "Active-contributor rate per month", "% of headcount", m => m.Figures.ActiveContributorRate, IsRate: true),
        new("reuse", "Reuse events per month", "Reuse events", m => m.Figures.ReuseReceived, IsRate: false),
        new("cross-team-share", "Cross-team share of reuse per month", "% of reuse events", m => m.CrossTeamShare, IsRate: true),
        new("answer-rate", "Answer rate per month", "% of questions answered in 7 days", m => m.Answers.Rate, IsRate: true),
    ];

    public static OverviewTrend? Find(string code) => All.FirstOrDefault(t => t.Code == code);
}

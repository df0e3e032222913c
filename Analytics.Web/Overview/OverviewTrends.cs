using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Charts;
using Analytics.Jobs.Metrics;
using Analytics.Web.Dashboard;

namespace Analytics.Web.Overview;

/// <summary>A trend by month on the overview: its chart's address, title and how a month's value is read and shown.</summary>
public sealed record OverviewTrend(string Code, string Title, string Axis, Func<OverviewMonth, double?> Value, bool IsRate)
{
    public string ChartPath => Code == "contributions" ? OverviewCharts.ContributionsByMonthPath : $"/charts/overview/{Code}.png";

    /// <summary>What the takeaway names: the title without "per month".</summary>
    public string Subject => Title.Replace(" per month", "", StringComparison.Ordinal);

    /// <summary>A department's figure of the same measure, for "most in …"; null where departments have none (the answer rate).</summary>
    public Func<DepartmentFigures, double?>? GroupValue { get; init; }

    public string Format(double? value) => value is not { } v ? "–"
        : IsRate ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"
        : v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The bar height: rates in percent, an undefined rate (no headcount, no reuse, no question) as 0.</summary>
    public double BarValue(OverviewMonth month) => Value(month) is { } v ? (IsRate ? v * 100 : v) : 0;

    /// <summary>A bar's label: what the table says, the percent sign included.</summary>
    public string BarLabel(double bar) => IsRate ? bar.ToString("0.#", CultureInfo.InvariantCulture) + "%" : bar.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The chart: the selected period's months highlighted, the year before as the reference line.</summary>
    public MonthlyChart Chart(ReportingPeriod period, IReadOnlyList<OverviewMonth> months, IReadOnlyList<OverviewMonth?> yearBefore, DateOnly? dataBegins)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(yearBefore);
        return new MonthlyChart(Title, Axis, [.. months.Select(m => (m.Month, BarValue(m)))])
        {
            SelectedFrom = period.From,
            SelectedTo = period.To,
            YearBefore = [.. yearBefore.Select(m => m is { } y && Value(y) is not null ? BarValue(y) : (double?)null)],
            Label = BarLabel,
            DataBegins = dataBegins,
        };
    }

    /// <summary>
    /// The sentence above the chart: the period against the period before (the tiles' comparison), and the departments
    /// just below the company that lead (and, for a rate, trail). Only departments whose figures are shown are named.
    /// </summary>
    public string Takeaway(OverviewView view, IReadOnlyList<DepartmentRow> departments, bool inProgress)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(departments);
        double? ValueOf(CompanyMetrics? figures, AnswerFigures? answers) =>
            figures is null ? null : Value(new OverviewMonth(view.Period.From, figures, answers ?? new AnswerFigures(0, 0, 0, null, null)));
        var groups = GroupValue is { } group
            ? TopLevel(departments).Select(d => new TakeawayGroup(d.Name, d.Figures is { } f ? group(f) : null, Shown: d.Figures is not null)).ToList()
            : [];
        return ChartTakeaway.Of(new TakeawayFigures(Subject, IsRate ? TakeawayScale.Share : TakeawayScale.Count, OverviewQuery.Name(view.Period),
            view.BeforeData ? null : ValueOf(view.Figures, view.Answers),
            view.BeforeData ? null : ValueOf(view.Previous, view.PreviousAnswers),
            OverviewQuery.Name(view.PreviousPeriod))
        {
            InProgress = inProgress,
            Groups = groups,
        });
    }

    /// <summary>The departments just below the company (or the roots when there are several), as the practices compare them.</summary>
    public static IReadOnlyList<DepartmentRow> TopLevel(IReadOnlyList<DepartmentRow> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var roots = departments.Where(d => d.Depth == 0).ToList();
        return roots.Count == 1 ? [.. departments.Where(d => d.Depth == 1)] : roots;
    }

    public static IReadOnlyList<OverviewTrend> All { get; } =
    [
        new("contributions", "Contributions per month", "Contributions", m => m.Figures.Contributions, IsRate: false) { GroupValue = f => f.Contributions },
        new("active-contributor-rate", "Active-contributor rate per month", "% of headcount", m => m.Figures.ActiveContributorRate, IsRate: true) { GroupValue = f => f.ActiveContributorRate },
        new("reuse", "Reuse events per month", "Reuse events", m => m.Figures.ReuseReceived, IsRate: false) { GroupValue = f => f.ReuseReceived },
        new("cross-team-share", "Cross-team share of reuse per month", "% of reuse events", m => m.CrossTeamShare, IsRate: true)
            { GroupValue = f => f.ReuseReceived <= 0 ? null : f.CrossTeamReuseReceived / f.ReuseReceived },
        new("answer-rate", "Answer rate per month", "% of questions answered in 7 days", m => m.Answers.Rate, IsRate: true),
    ];

    public static OverviewTrend? Find(string code) => All.FirstOrDefault(t => t.Code == code);
}

using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Overview;

public sealed record OverviewView(DateOnly Month, CompanyMetrics Figures, IReadOnlyList<(DateOnly Month, double Contributions)> Trend)
{
    /// <summary>The month before, for the change shown on each tile.</summary>
    public CompanyMetrics? Previous { get; init; }
    public AnswerFigures? Answers { get; init; }
    public AnswerFigures? PreviousAnswers { get; init; }

    public bool HasData => Trend.Any(t => t.Contributions > 0);
}

/// <summary>
/// The overview's figures, from the daily aggregates through <see cref="MetricsQuery"/>: the same numbers
/// as `analytics metrics` for the same month.
/// </summary>
public sealed class OverviewQuery(AnalyticsDbContext db, MetricsQuery metrics, BarriersQuery barriers, TimeProvider clock)
{
    public const int TrendMonths = 12;

    public DateOnly LastFullMonth
    {
        get
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        }
    }

    public async Task<OverviewView> RunAsync(CancellationToken ct)
    {
        var month = LastFullMonth;
        var figures = await FiguresForAsync(month, ct);
        var trend = await ContributionsByMonthAsync(month.AddMonths(1 - TrendMonths), month, ct);
        var previous = month.AddMonths(-1);
        var people = await Analytics.Jobs.Aggregation.PeopleDirectoryLoader.LoadAsync(db, ct);
        return new OverviewView(month, figures, trend)
        {
            Previous = await FiguresForAsync(previous, ct),
            Answers = await barriers.AnswersAsync(ReportingPeriod.Month(month.Year, month.Month), people, ct),
            PreviousAnswers = await barriers.AnswersAsync(ReportingPeriod.Month(previous.Year, previous.Month), people, ct),
        };
    }

    public async Task<CompanyMetrics> FiguresForAsync(DateOnly month, CancellationToken ct) =>
        (await metrics.ByDepartmentAsync(ReportingPeriod.Month(month.Year, month.Month), ct)).Company;

    /// <summary>Contributions per month of people counted in group figures (they are the rows with a department).</summary>
    public async Task<IReadOnlyList<(DateOnly Month, double Contributions)>> ContributionsByMonthAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        var to = last.AddMonths(1);
        var counts = await db.DailyPersonMetrics.AsNoTracking()
            .Where(m => m.Day >= first && m.Day < to && m.Type < ActivityType.Completed && m.DepartmentId != null)
            .GroupBy(m => new { m.Day.Year, m.Day.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Sum(m => m.Count) })
            .ToListAsync(ct);
        var result = new List<(DateOnly, double)>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            result.Add((month, counts.FirstOrDefault(c => c.Year == month.Year && c.Month == month.Month)?.Count ?? 0));
        return result;
    }
}

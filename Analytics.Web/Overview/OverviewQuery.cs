using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Overview;

public sealed record MonthFigures(DateOnly Month, int Contributions, int ActiveContributors, int Headcount, double ReuseEvents)
{
    public double ActiveContributorRate => Headcount == 0 ? 0 : (double)ActiveContributors / Headcount;
}

public sealed record OverviewView(MonthFigures LastMonth, IReadOnlyList<(DateOnly Month, double Contributions)> Trend)
{
    public bool HasData => Trend.Any(t => t.Contributions > 0);
}

/// <summary>
/// The overview's figures, read from activities: contributions and reuse credited to linked, non-bot
/// people; self-reuse left out.
/// </summary>
public sealed class OverviewQuery(AnalyticsDbContext db, TimeProvider clock)
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
        return new OverviewView(figures, trend);
    }

    public async Task<MonthFigures> FiguresForAsync(DateOnly month, CancellationToken ct)
    {
        var (from, to) = Bounds(month, month);
        var contributions = Contributions(from, to);
        var count = await contributions.CountAsync(ct);
        var contributors = await contributions.Select(a => a.ActorAccount!.PersonId).Distinct().CountAsync(ct);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var headcount = await db.Employees.CountAsync(e => e.HireDate <= monthEnd && (e.LeaveDate == null || e.LeaveDate >= monthEnd), ct);
        var reuse = await db.Activities
            .Where(a => a.OccurredAt >= from && a.OccurredAt < to && a.Type >= ActivityType.Viewed)
            .Where(a => a.Item!.AuthorAccount != null && !a.Item.AuthorAccount.IsBot && !a.Item.AuthorAccount.Person!.IsBot
                        && a.Item.AuthorAccount.Person.EmployeeId != null)
            .Where(a => a.ActorAccount == null || a.ActorAccount.PersonId != a.Item!.AuthorAccount!.PersonId)
            .SumAsync(a => a.Quantity, ct);
        return new MonthFigures(month, count, contributors, headcount, reuse);
    }

    public async Task<IReadOnlyList<(DateOnly Month, double Contributions)>> ContributionsByMonthAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        var (from, to) = Bounds(first, last);
        var counts = await Contributions(from, to)
            .GroupBy(a => new { a.OccurredAt.Year, a.OccurredAt.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count() })
            .ToListAsync(ct);
        var result = new List<(DateOnly, double)>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            result.Add((month, counts.FirstOrDefault(c => c.Year == month.Year && c.Month == month.Month)?.Count ?? 0));
        return result;
    }

    private IQueryable<Activity> Contributions(DateTime from, DateTime to) =>
        db.Activities.Where(a => a.OccurredAt >= from && a.OccurredAt < to && a.Type < ActivityType.Completed
                                 && a.ActorAccount != null && !a.ActorAccount.IsBot
                                 && !a.ActorAccount.Person!.IsBot && a.ActorAccount.Person.EmployeeId != null);

    private static (DateTime From, DateTime To) Bounds(DateOnly firstMonth, DateOnly lastMonth) =>
        (firstMonth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), lastMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}

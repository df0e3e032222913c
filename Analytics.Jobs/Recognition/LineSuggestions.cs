using System.Globalization;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Recognition;

public sealed record SuggestedContribution(long ActivityId, DateTime OccurredAt, string Type, string Title);

public sealed record Suggestion(
    string Reason, int EmployeeId, string Name, RecognitionCategorySuggestion Category,
    int Contributions, double CrossTeamReuse, double ReuseReceived, double MentoringHours,
    IReadOnlyList<SuggestedContribution> TopContributions);

/// <summary>The category the suggestion's reason points to, to pre-fill the form.</summary>
public enum RecognitionCategorySuggestion
{
    Sharing = 1,
    Mentoring = 4,
}

public sealed record SuggestionView(ReportingPeriod Period, IReadOnlyList<Suggestion> Items)
{
    public static SuggestionView Empty { get; } = new(ReportingPeriod.Month(2000, 1), []);
}

/// <summary>
/// Whom a manager might recognise: the top contributors, the people whose knowledge other teams reused
/// most, and the mentors of a month, in the manager's line, each with its evidence. One computation for the
/// award page and the monthly e-mail digest, so both suggest the same people.
/// </summary>
public sealed class LineSuggestions(MetricsQuery metrics, AnalyticsDbContext db)
{
    private const int PerList = 3;
    private const int ContributionsShown = 3;

    public static ReportingPeriod MonthBefore(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var previous = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return ReportingPeriod.Month(previous.Year, previous.Month);
    }

    /// <summary>The month's metrics of every employee who counts in groups (loaded once, shared by many lines).</summary>
    public Task<IReadOnlyList<PersonMetrics>> MonthAsync(ReportingPeriod period, CancellationToken ct) =>
        metrics.ByPersonAsync(period, includeAll: false, ct);

    public async Task<SuggestionView> ForLineAsync(IReadOnlySet<int> line, ReportingPeriod period, CancellationToken ct) =>
        line.Count == 0 ? new(period, []) : await ForLineAsync(line, period, await MonthAsync(period, ct), ct);

    /// <summary>
    /// The suggestions among <paramref name="line"/> (the employees they may name; the caller applies its own exclusions,
    /// such as opt-out), from <paramref name="month"/>, the period's metrics of <see cref="MonthAsync"/>.
    /// </summary>
    public async Task<SuggestionView> ForLineAsync(IReadOnlySet<int> line, ReportingPeriod period, IReadOnlyList<PersonMetrics> month, CancellationToken ct)
    {
        if (line.Count == 0)
            return new(period, []);
        var employeeOfPerson = await db.Persons.AsNoTracking().Where(p => p.EmployeeId != null)
            .ToDictionaryAsync(p => p.Id, p => p.EmployeeId!.Value, ct);
        var inLine = month
            .Where(m => employeeOfPerson.TryGetValue(m.PersonId, out var e) && line.Contains(e))
            .Select(m => (Metrics: m, EmployeeId: employeeOfPerson[m.PersonId]))
            .ToList();

        var picks = new List<(string Reason, RecognitionCategorySuggestion Category, PersonMetrics Metrics, int EmployeeId)>();
        picks.AddRange(inLine.Where(x => x.Metrics.Contributions > 0).OrderByDescending(x => x.Metrics.Contributions).Take(PerList)
            .Select(x => ("Top contributor", RecognitionCategorySuggestion.Sharing, x.Metrics, x.EmployeeId)));
        picks.AddRange(inLine.Where(x => x.Metrics.CrossTeamReuseReceived > 0).OrderByDescending(x => x.Metrics.CrossTeamReuseReceived).Take(PerList)
            .Select(x => ("Most reused across teams", RecognitionCategorySuggestion.Sharing, x.Metrics, x.EmployeeId)));
        picks.AddRange(inLine.Where(x => x.Metrics.MentoringHours > 0).OrderByDescending(x => x.Metrics.MentoringHours).Take(PerList)
            .Select(x => ("Mentor", RecognitionCategorySuggestion.Mentoring, x.Metrics, x.EmployeeId)));

        // One row per person: someone who tops two lists is one suggestion with both reasons, not two rows
        // (the category of the first list stays the form's pre-filled one).
        var items = new List<Suggestion>();
        foreach (var group in picks.GroupBy(p => p.EmployeeId))
        {
            var pick = group.First();
            var top = await ContributionsAsync(pick.EmployeeId, period, ContributionsShown, ct);
            items.Add(new Suggestion(string.Join("; ", group.Select(p => p.Reason).Distinct()), pick.EmployeeId, pick.Metrics.Name, pick.Category,
                pick.Metrics.Contributions, pick.Metrics.CrossTeamReuseReceived, pick.Metrics.ReuseReceived, pick.Metrics.MentoringHours, top));
        }

        return new(period, items);
    }

    /// <summary>A person's contributions in a period, the most reused items first: the evidence a manager can link.</summary>
    public async Task<IReadOnlyList<SuggestedContribution>> ContributionsAsync(int employeeId, ReportingPeriod period, int take, CancellationToken ct)
    {
        var from = period.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var contributionTypes = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var reuseTypes = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var rows = await db.Activities.AsNoTracking()
            .Where(a => a.ActorAccount!.Person!.EmployeeId == employeeId && contributionTypes.Contains(a.Type)
                        && a.OccurredAt >= from && a.OccurredAt < to)
            .Select(a => new
            {
                a.Id,
                a.OccurredAt,
                a.Type,
                Title = a.Item != null ? a.Item.Title : null,
                Reuse = a.ItemId == null ? 0 : db.Activities.Count(r => r.ItemId == a.ItemId && reuseTypes.Contains(r.Type)),
            })
            .OrderByDescending(a => a.Reuse).ThenByDescending(a => a.OccurredAt)
            .Take(take)
            .ToListAsync(ct);
        return rows.Select(r => new SuggestedContribution(r.Id, r.OccurredAt, r.Type.Code(),
            r.Title ?? string.Create(CultureInfo.InvariantCulture, $"{r.Type.Code()} #{r.Id}"))).ToList();
    }
}

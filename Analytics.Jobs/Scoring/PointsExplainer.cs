using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Scoring;

/// <summary>One line of "why is my score 140?": a day, a type, the rule applied and what the caps cut.</summary>
public sealed record PointsLine(
    DateOnly Day, ActivityType Type, int RuleId, double PointsPerEvent, double? CrossTeamPointsPerEvent, int? DailyCap, int? PairCap,
    double Events, double CrossTeamEvents, double CappedEvents, double Points);

public sealed record PointsExplanation(int PersonId, string Name, ReportingPeriod Period, IReadOnlyList<PointsLine> Lines)
{
    public double Total => Math.Round(Lines.Sum(l => l.Points), 4);
}

/// <summary>
/// A person's points line by line from the stored points entries: the same rows the leaderboard adds up
/// (closed months keep the entries they were closed with), so the explanation always matches it.
/// </summary>
public sealed class PointsExplainer(AnalyticsDbContext db)
{
    public async Task<PointsExplanation> ExplainAsync(int personId, ReportingPeriod period, CancellationToken ct)
    {
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.DisplayName, Employee = p.Employee == null ? null : p.Employee.DisplayName })
            .FirstOrDefaultAsync(ct) ?? throw new ArgumentException($"No person {personId}.", nameof(personId));
        var lines = await db.PointsEntries.AsNoTracking()
            .Where(p => p.PersonId == personId && p.Day >= period.From && p.Day <= period.To)
            .OrderBy(p => p.Day).ThenBy(p => p.Type)
            .Select(p => new PointsLine(p.Day, p.Type, p.ScoringRuleId, p.ScoringRule!.PointsPerEvent, p.ScoringRule.CrossTeamPointsPerEvent,
                p.ScoringRule.DailyCapPerPerson, p.ScoringRule.PairCapPerMonth, p.Events, p.CrossTeamEvents, p.CappedEvents, p.Points))
            .ToListAsync(ct);
        return new PointsExplanation(personId, person.Employee ?? person.DisplayName, period, lines);
    }
}

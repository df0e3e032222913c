using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Metrics;

/// <summary>
/// Says in words why a leaderboard, metric or barrier of a population is empty (ADR 2202): nothing imported, nothing in
/// the period, days not aggregated yet, no HR directory, nobody linked. A user who imported an export and has no HR
/// directory yet must learn that from the empty result, not guess.
/// </summary>
public sealed class EmptyResultReasons(AnalyticsDbContext db)
{
    public const string LoadHrDirectory = "load one with `analytics import hr-directory FILE --source NAME`";

    /// <summary>The people with aggregated activity in the period, and the reason the population has none of them (null when it has some).</summary>
    public async Task<(IReadOnlyList<PersonProfile> Active, string? Reason)> ExplainAsync(
        ReportingPeriod period, Population population, PeopleDirectory people, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var ids = await db.DailyPersonMetrics.AsNoTracking().Where(m => m.Day >= period.From && m.Day <= period.To)
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
        var active = ids.Select(people.Find).OfType<PersonProfile>().ToList();
        if (active.Count == 0)
            return (active, await NoActivityAsync(period, ct));

        var bots = active.Count(p => p.IsBot);
        var unlinked = active.Count(p => Population.Unlinked.Includes(p));
        var employees = active.Count(p => Population.Employees.Includes(p));
        if (population == Population.Unlinked)
        {
            return (active, unlinked > 0 ? null : string.Create(inv,
                $"No unlinked people have activity in {period.Label}: of the {active.Count} people with activity, {employees} are linked to employees and {bots} are bots."));
        }

        if (employees > 0)
            return (active, null);
        if (!await db.Employees.AnyAsync(ct))
        {
            return (active, string.Create(inv,
                $"No employees yet: no HR directory is loaded ({LoadHrDirectory}). {unlinked} people found in sources have activity in {period.Label}: they are ranked and measured apart as unlinked people (--include-unlinked)."));
        }

        return (active, string.Create(inv,
            $"None of the {active.Count} people with activity in {period.Label} is linked to an employee ({unlinked} unlinked, {bots} bots): review `analytics identities suggestions`, or see them with --include-unlinked."));
    }

    private async Task<string> NoActivityAsync(ReportingPeriod period, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var dirty = await db.DirtyDays.AsNoTracking().CountAsync(d => d.Day >= period.From && d.Day <= period.To, ct);
        if (dirty > 0)
            return string.Create(inv, $"{dirty} days of {period.Label} have imported activity not aggregated yet: run `analytics aggregate`.");
        if (!await db.DailyPersonMetrics.AnyAsync(ct))
        {
            return await db.Activities.AnyAsync(ct)
                ? "Imported activity is not aggregated yet: run `analytics aggregate`."
                : "No activity is imported yet: import an export first (`analytics import KIND PATH --source NAME`).";
        }

        var first = await db.DailyPersonMetrics.MinAsync(m => m.Day, ct);
        var last = await db.DailyPersonMetrics.MaxAsync(m => m.Day, ct);
        return string.Create(inv, $"No activity in {period.Label}: the aggregated activity runs from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}.");
    }
}

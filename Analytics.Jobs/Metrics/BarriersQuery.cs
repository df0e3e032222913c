using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Metrics;

public sealed record SiloFigures(int DepartmentId, string Code, string Name, double ReuseOfOwnKnowledge, double FromOtherDepartments,
    double ReuseByOwnPeople, double OfOtherDepartments, bool IsSilo);

public sealed record StaleItem(long ItemId, string? Title, string? Url, DateTimeOffset? LastEditedAt, int ReuseRecords);

public sealed record Barriers(
    ReportingPeriod Period, IReadOnlyList<SiloFigures> Departments, ConcentrationFigures Concentration,
    AnswerFigures Answers, int StaleItems, IReadOnlyList<StaleItem> MostReusedStale);

/// <summary>The knowledge-sharing barriers of product.md: silos, concentration, unanswered questions, stale content.</summary>
public sealed class BarriersQuery(AnalyticsDbContext db, TimeProvider clock)
{
    public async Task<Barriers> RunAsync(ReportingPeriod period, CancellationToken ct)
    {
        var people = await PeopleDirectoryLoader.LoadAsync(db, ct);
        var barriers = new Barriers(period, await SilosAsync(period, ct), await ConcentrationAsync(period, people, ct),
            await AnswersAsync(period, people, ct), 0, []);
        return await WithStaleAsync(barriers, ct);
    }

    public async Task<IReadOnlyList<SiloFigures>> SilosAsync(ReportingPeriod period, CancellationToken ct)
    {
        var flows = await db.DailyFlows.AsNoTracking().Where(f => f.Day >= period.From && f.Day <= period.To)
            .GroupBy(f => new { f.AuthorDepartmentId, f.ReuserDepartmentId })
            .Select(g => new { g.Key.AuthorDepartmentId, g.Key.ReuserDepartmentId, Events = g.Sum(f => f.Events) })
            .ToListAsync(ct);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Path).ToListAsync(ct);
        return departments.Select(d =>
            {
                var own = flows.Where(f => f.AuthorDepartmentId == d.Id).Sum(f => f.Events);
                var fromOthers = flows.Where(f => f.AuthorDepartmentId == d.Id && f.ReuserDepartmentId != d.Id).Sum(f => f.Events);
                var byOwn = flows.Where(f => f.ReuserDepartmentId == d.Id).Sum(f => f.Events);
                var ofOthers = flows.Where(f => f.ReuserDepartmentId == d.Id && f.AuthorDepartmentId != d.Id).Sum(f => f.Events);
                return new SiloFigures(d.Id, d.Code, d.Name, own, fromOthers, byOwn, ofOthers, GroupRates.IsSilo(own, fromOthers, byOwn, ofOthers));
            })
            .Where(s => s.ReuseOfOwnKnowledge + s.ReuseByOwnPeople > 0)
            .ToList();
    }

    public async Task<ConcentrationFigures> ConcentrationAsync(ReportingPeriod period, PeopleDirectory people, CancellationToken ct)
    {
        var types = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var perPerson = await db.DailyPersonMetrics.AsNoTracking()
            .Where(m => m.Day >= period.From && m.Day <= period.To && types.Contains(m.Type))
            .GroupBy(m => m.PersonId).Select(g => new { g.Key, Count = g.Sum(m => m.Count) })
            .ToListAsync(ct);
        return Concentration.Of(perPerson.Where(p => people.Find(p.Key)?.CountsInGroups == true).Select(p => (double)p.Count));
    }

    public async Task<AnswerFigures> AnswersAsync(ReportingPeriod period, PeopleDirectory people, CancellationToken ct)
    {
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var asked = await db.Activities.AsNoTracking()
            .Where(a => a.Type == ActivityType.Asked && a.ItemId != null && a.OccurredAt >= start && a.OccurredAt < end
                        && (a.ActorAccountId == null || !a.ActorAccount!.IsBot))
            .Select(a => new { ItemId = a.ItemId!.Value, Asker = a.ActorAccountId == null ? null : (int?)a.ActorAccount!.PersonId, a.OccurredAt })
            .ToListAsync(ct);
        var questions = asked.Where(q => !people.IsBot(q.Asker))
            .GroupBy(q => q.ItemId).Select(g => g.OrderBy(q => q.OccurredAt).First())
            .Select(q => new Question(q.ItemId, q.Asker, q.OccurredAt)).ToList();

        var answers = new List<Answer>();
        var windowEnd = end.Add(AnswerTimes.Window);
        foreach (var chunk in questions.Select(q => (long?)q.ItemId).Chunk(1000))
        {
            var rows = await db.Activities.AsNoTracking()
                .Where(a => a.Type == ActivityType.Answered && a.OccurredAt < windowEnd && a.Item != null && chunk.Contains(a.Item.ParentItemId)
                            && (a.ActorAccountId == null || !a.ActorAccount!.IsBot))
                .Select(a => new
                {
                    Question = a.Item!.ParentItemId!.Value,
                    Answerer = a.ActorAccountId != null ? (int?)a.ActorAccount!.PersonId
                        : a.Item.AuthorAccountId != null ? (int?)a.Item.AuthorAccount!.PersonId : null,
                    a.OccurredAt,
                })
                .ToListAsync(ct);
            answers.AddRange(rows.Where(r => !people.IsBot(r.Answerer)).Select(r => new Answer(r.Question, r.Answerer, r.OccurredAt)));
        }

        return AnswerTimes.Compute(questions, answers, clock.GetUtcNow().UtcDateTime);
    }

    private async Task<Barriers> WithStaleAsync(Barriers barriers, CancellationToken ct)
    {
        var period = barriers.Period;
        var start = period.From.ToDateTime(TimeOnly.MinValue);
        var end = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var reuse = ActivityTypes.All.Where(t => t.IsReuse()).ToList();
        var threshold = new DateTimeOffset(period.To.AddMonths(-MetricCatalog.StaleAfterMonths).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        // Prefilter in SQL on creation (an item created after the threshold cannot be stale), decide in code.
        var items = await db.Activities.AsNoTracking()
            .Where(a => reuse.Contains(a.Type) && a.OccurredAt >= start && a.OccurredAt < end && a.Item != null
                        && a.Item.AuthorAccountId != null
                        && (a.ActorAccountId == null || a.ActorAccount!.PersonId != a.Item.AuthorAccount!.PersonId)
                        && (a.Item.CreatedAt == null || a.Item.CreatedAt < threshold))
            .GroupBy(a => a.ItemId)
            .Select(g => new { ItemId = g.Key!.Value, Records = g.Count() })
            .ToListAsync(ct);
        var stale = new List<StaleItem>();
        foreach (var chunk in items.Chunk(1000))
        {
            var ids = chunk.Select(i => i.ItemId).ToList();
            var details = await db.KnowledgeItems.AsNoTracking().Where(i => ids.Contains(i.Id))
                .Select(i => new { i.Id, i.Title, i.Url, i.LastEditedAt, i.CreatedAt }).ToListAsync(ct);
            var records = chunk.ToDictionary(i => i.ItemId, i => i.Records);
            stale.AddRange(details.Where(d => StaleContent.IsStale(d.LastEditedAt, d.CreatedAt, period.To))
                .Select(d => new StaleItem(d.Id, d.Title, d.Url, d.LastEditedAt ?? d.CreatedAt, records[d.Id])));
        }

        return barriers with
        {
            StaleItems = stale.Count,
            MostReusedStale = stale.OrderByDescending(s => s.ReuseRecords).ThenBy(s => s.ItemId).Take(20).ToList(),
        };
    }
}

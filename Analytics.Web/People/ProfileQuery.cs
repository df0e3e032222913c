using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Scoring;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Metrics;
using Analytics.Jobs.Scoring;
using Analytics.Web.Caching;
using Analytics.Web.Overview;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

public sealed record TypeCount(ActivityType Type, int Count);

public sealed record ReusedItem(long ItemId, string Title, string Kind, string? Url, double Reuse);

public sealed record TopicCount(string Topic, int Items);

public sealed record BadgeView(string Code, string Name, string Description, DateOnly AwardedOn);

public sealed record ProfileView(
    PersonCard Person, ReportingPeriod Period, PersonMetrics Figures, IReadOnlyList<TypeCount> ContributionsByType,
    IReadOnlyList<ReusedItem> MostReused, IReadOnlyList<TopicCount> Topics, IReadOnlyList<BadgeView> Badges,
    PointsExplanation Points, IReadOnlyList<(DateOnly Month, double Contributions)> Monthly, IReadOnlyList<AwardRow> Recognition)
{
    /// <summary>Contributions in the same month a year before each month of <see cref="Monthly"/>; null where the data does not cover it.</summary>
    public IReadOnlyList<double?> YearBefore { get; init; } = [];

    /// <summary>The period before (of the same kind) and its contributions; null where the data does not cover it.</summary>
    public ReportingPeriod? PreviousPeriod { get; init; }
    public int? PreviousContributions { get; init; }

    /// <summary>The period ends before the first aggregated day: its figures are unknown, not zero.</summary>
    public bool BeforeData { get; init; }

    /// <summary>The first aggregated day: the chart's months that end before it read n/a, with no bar (not 0).</summary>
    public DateOnly? DataBegins { get; init; }

    /// <summary>The sentence above the chart: the period's contributions against the period before; one person, so no group is named.</summary>
    public string Takeaway(bool inProgress) => ChartTakeaway.Of(new TakeawayFigures("Contributions", TakeawayScale.Count, OverviewQuery.Name(Period),
        BeforeData ? null : Figures.Contributions, PreviousContributions, PreviousPeriod is { } p ? OverviewQuery.Name(p) : null)
    {
        InProgress = inProgress,
    });

    /// <summary>The chart: the period's months highlighted, the year before as the reference line.</summary>
    public Analytics.Jobs.Charts.MonthlyChart Chart() => new("Contributions per month", "Contributions", Monthly)
    {
        SelectedFrom = Period.From,
        SelectedTo = Period.To,
        YearBefore = YearBefore,
        DataBegins = DataBegins,
    };
}

/// <summary>
/// One person's profile for a period. The figures are MetricsQuery.ByPersonAsync's (the same numbers as
/// `analytics metrics`), the points PointsExplainer's (the same entries the leaderboard adds up). Recognition,
/// like badges, is every approved award the person ever received: pending and rejected awards never show.
/// </summary>
public sealed class ProfileQuery(
    AnalyticsDbContext db, MetricsQuery metrics, PointsExplainer explainer, RecognitionQuery recognition, ReadModelCache cache, TimeProvider clock)
{
    public const int ChartMonths = 12;
    public const int MaxItems = 10;
    public const int MaxTopics = 15;

    private static readonly ActivityType[] ContributionTypes = ActivityTypes.All.Where(t => t.IsContribution()).ToArray();
    private static readonly ActivityType[] ReuseTypes = ActivityTypes.All.Where(t => t.IsReuse()).ToArray();

    public ReportingPeriod DefaultPeriod
    {
        get
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var last = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
            return ReportingPeriod.Month(last.Year, last.Month);
        }
    }

    public async Task<PersonMetrics> FiguresAsync(PersonCard person, ReportingPeriod period, CancellationToken ct) =>
        await metrics.ForPersonAsync(period, person.PersonId, ct)
        ?? new PersonMetrics(person.PersonId, person.Name, null, person.IsLinkedEmployee, 0, 0, 0, null, 0, 0, 0);

    /// <summary>Kept per data version in the <see cref="ReadModelCache"/>; the caller has checked the viewer may see the person.</summary>
    public Task<ProfileView> RunAsync(PersonCard person, ReportingPeriod period, CancellationToken ct) =>
        cache.GetAsync(OverviewQuery.CacheKey(FormattableString.Invariant($"profile:{person.PersonId}"), period),
            (services, t) => services.GetRequiredService<ProfileQuery>().ComputeAsync(person, period, t), ct);

    private async Task<ProfileView> ComputeAsync(PersonCard person, ReportingPeriod period, CancellationToken ct)
    {
        var id = person.PersonId;
        var figures = await FiguresAsync(person, period, ct);

        // In type order, as the grouped day rows came: the sort by count below keeps ties in it.
        var byType = (await ContributionsByTypeAsync(db, id, period.From, period.To, ct))
            .OrderBy(t => t.Key).Select(t => new TypeCount(t.Key, t.Value)).ToList();

        var from = period.From.ToDateTime(TimeOnly.MinValue);
        var to = period.To.AddDays(1).ToDateTime(TimeOnly.MinValue);
        // From the person's accounts to their items to those items' activities, each step by an index
        // (AuthorAccountId, then ItemId + OccurredAt): not a scan of the whole period's activity.
        var accounts = db.SourceAccounts.Where(a => a.PersonId == id).Select(a => (int?)a.Id);
        var authored = db.KnowledgeItems.Where(i => accounts.Contains(i.AuthorAccountId)).Select(i => (long?)i.Id);
        var reused = await db.Activities.AsNoTracking()
            .Where(a => authored.Contains(a.ItemId) && ReuseTypes.Contains(a.Type) && a.OccurredAt >= from && a.OccurredAt < to
                        && (a.ActorAccount == null || a.ActorAccount.PersonId != id))
            .GroupBy(a => a.ItemId!.Value)
            .Select(g => new { ItemId = g.Key, Reuse = g.Sum(a => a.Quantity) })
            .OrderByDescending(x => x.Reuse).ThenBy(x => x.ItemId)
            .Take(MaxItems)
            .ToListAsync(ct);
        var itemIds = reused.Select(r => r.ItemId).ToList();
        var items = await db.KnowledgeItems.AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, ct);
        var mostReused = reused.Select(r => items.TryGetValue(r.ItemId, out var i)
                ? new ReusedItem(r.ItemId, i.Title ?? i.ExternalId, i.Kind, i.Url, r.Reuse)
                : new ReusedItem(r.ItemId, $"item {r.ItemId}", "unknown", null, r.Reuse))
            .ToList();

        var topicStrings = await db.KnowledgeItems.AsNoTracking()
            .Where(i => accounts.Contains(i.AuthorAccountId) && i.Topics != null)
            .Select(i => i.Topics!)
            .ToListAsync(ct);
        // One spelling per topic, after HR's merges and hidden topics: the keys the topic pages and expertise search use.
        var rules = await Analytics.Jobs.Topics.TopicRuleSet.LoadAsync(db, ct);
        var topics = topicStrings
            .SelectMany(rules.TopicsOf)
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => new TopicCount(g.Key, g.Count()))
            .OrderByDescending(t => t.Items).ThenBy(t => t.Topic, StringComparer.OrdinalIgnoreCase)
            .Take(MaxTopics)
            .ToList();

        var catalog = BadgeCatalog.All.ToDictionary(b => b.Code);
        var badges = (await db.BadgeAwards.AsNoTracking().Where(b => b.PersonId == id).OrderBy(b => b.AwardedOn).ToListAsync(ct))
            .Select(b => catalog.TryGetValue(b.BadgeCode, out var d)
                ? new BadgeView(b.BadgeCode, d.Name, d.Description, b.AwardedOn)
                : new BadgeView(b.BadgeCode, b.BadgeCode, b.Evidence ?? "", b.AwardedOn))
            .ToList();

        var points = await explainer.ExplainAsync(id, period, ct);
        var monthly = await MonthlyContributionsAsync(id, period, ct);
        var awards = person.IsLinkedEmployee ? await recognition.ApprovedForEmployeeAsync(person.EmployeeId!.Value, ct) : [];
        var begins = await MetricsQuery.DataBeginsAsync(db, ct);
        bool Covers(DateOnly day) => begins is { } b && b <= day;
        var yearBefore = await MonthlyContributionsAsync(id, ReportingPeriod.Range(period.From.AddMonths(-12), period.To.AddMonths(-12)), ct);
        var previous = OverviewQuery.PreviousOf(period);
        int? previousContributions = Covers(previous.From)
            ? (await ContributionsByTypeAsync(db, id, previous.From, previous.To, ct)).Values.Sum()
            : null;
        return new ProfileView(person, period, figures, byType.OrderByDescending(t => t.Count).ToList(), mostReused, topics, badges, points, monthly, awards)
        {
            YearBefore = [.. yearBefore.Select(m => Covers(m.Month) ? m.Contributions : (double?)null)],
            PreviousPeriod = previous,
            PreviousContributions = previousContributions,
            BeforeData = begins is not { } first || period.To < first,
            DataBegins = begins,
        };
    }

    /// <summary>
    /// Contributions per month for the twelve months ending with the period's last month: whole months, so from the
    /// monthly roll-up (ADR 2011), one row per type and month instead of one per type and day.
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Month, double Contributions)>> MonthlyContributionsAsync(int personId, ReportingPeriod period, CancellationToken ct)
    {
        var last = new DateOnly(period.To.Year, period.To.Month, 1);
        var first = last.AddMonths(1 - ChartMonths);
        var counts = await db.MonthlyPersonMetrics.AsNoTracking()
            .Where(m => m.PersonId == personId && m.Month >= first && m.Month <= last && ContributionTypes.Contains(m.Type))
            .GroupBy(m => m.Month)
            .Select(g => new { Month = g.Key, Count = g.Sum(m => m.Count) })
            .ToDictionaryAsync(c => c.Month, c => c.Count, ct);
        var result = new List<(DateOnly, double)>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            result.Add((month, counts.GetValueOrDefault(month)));
        return result;
    }

    /// <summary>
    /// One person's contributions per type over the days [from, to]: the whole calendar months inside from the monthly
    /// roll-up (ADR 2011), the days at the edges from the day rows; the counts the day rows alone give.
    /// </summary>
    public static async Task<IReadOnlyDictionary<ActivityType, int>> ContributionsByTypeAsync(
        AnalyticsDbContext db, int personId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var firstWhole = from.Day == 1 ? from : Aggregator.MonthOf(from).AddMonths(1);
        var afterWhole = Aggregator.MonthOf(to.AddDays(1));
        var result = new Dictionary<ActivityType, int>();
        void Add(ActivityType type, int count) => result[type] = result.GetValueOrDefault(type) + count;
        // Days read from the day rows: [from, headEnd) and [tailStart, to]; without a whole month that is the whole range.
        var (headEnd, tailStart) = firstWhole < afterWhole ? (firstWhole, afterWhole) : (to.AddDays(1), to.AddDays(1));
        if (firstWhole < afterWhole)
        {
            foreach (var row in await db.MonthlyPersonMetrics.AsNoTracking()
                         .Where(m => m.PersonId == personId && m.Month >= firstWhole && m.Month < afterWhole && ContributionTypes.Contains(m.Type))
                         .GroupBy(m => m.Type).Select(g => new { g.Key, Count = g.Sum(m => m.Count) }).ToListAsync(ct))
                Add(row.Key, row.Count);
        }

        if (from < headEnd || tailStart <= to)
        {
            foreach (var row in await db.DailyPersonMetrics.AsNoTracking()
                         .Where(m => m.PersonId == personId && ContributionTypes.Contains(m.Type)
                                     && ((m.Day >= from && m.Day < headEnd) || (m.Day >= tailStart && m.Day <= to)))
                         .GroupBy(m => m.Type).Select(g => new { g.Key, Count = g.Sum(m => m.Count) }).ToListAsync(ct))
                Add(row.Key, row.Count);
        }

        return result;
    }
}

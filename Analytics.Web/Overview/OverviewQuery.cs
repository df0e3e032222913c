using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Metrics;
using Analytics.Web.Caching;

namespace Analytics.Web.Overview;

/// <summary>One month of the trend: the company figures and answers exactly as the tiles compute them.</summary>
public sealed record OverviewMonth(DateOnly Month, CompanyMetrics Figures, AnswerFigures Answers)
{
    /// <summary>Share of reuse events that cross a department border; null without reuse.</summary>
    public double? CrossTeamShare => Figures.ReuseReceived <= 0 ? null : Figures.CrossTeamReuseReceived / Figures.ReuseReceived;
}

public sealed record OverviewView(ReportingPeriod Period, ReportingPeriod PreviousPeriod, CompanyMetrics Figures, IReadOnlyList<OverviewMonth> Trend)
{
    /// <summary>
    /// Whose figures these are (ADR 2206): employees, or HR's view of the unlinked people, whose "headcount" is the number
    /// of them with activity in the period (no HR headcount exists) and whose active-contributor rate is never given.
    /// </summary>
    public Population Population { get; init; }

    /// <summary>Why the period's figures are empty, in words (ADR 2202): no HR directory, nothing imported...; null otherwise.</summary>
    public string? EmptyReason { get; init; }

    /// <summary>The period before, of the same kind and length, for the change shown on each tile.</summary>
    public CompanyMetrics? Previous { get; init; }
    public AnswerFigures? Answers { get; init; }
    public AnswerFigures? PreviousAnswers { get; init; }

    /// <summary>
    /// The period ends before the first aggregated day (or nothing is aggregated at all): its figures are not zero but
    /// unknown, so the tiles say "n/a" instead of 0 and no change is computed.
    /// </summary>
    public bool BeforeData { get; init; }

    /// <summary>
    /// The same month a year before each month of <see cref="Trend"/>, null where the data does not cover that month from
    /// its first day: the charts' reference line and the data table's last column, "n/a" there, never 0.
    /// </summary>
    public IReadOnlyList<OverviewMonth?> YearBefore { get; init; } = [];

    /// <summary>The first aggregated day; null when nothing is aggregated.</summary>
    public DateOnly? DataBegins { get; init; }

    /// <summary>A trend month that ends before the first aggregated day: its figures are unknown (n/a), not zero.</summary>
    public bool IsBeforeData(DateOnly month) => DataBegins is not { } begins || month.AddMonths(1) <= begins;

    public bool HasData => Trend.Any(t => t.Figures.Contributions > 0);
}

/// <summary>
/// The overview's figures, from the daily aggregates through <see cref="MetricsQuery"/> and <see cref="BarriersQuery"/>:
/// the same numbers as `analytics metrics` for the same period. The trend runs the same queries month by month,
/// so a tile and the trend's month can never disagree (for a month, the tiles are the trend's last two months).
/// The view and each month are kept per data version in the <see cref="ReadModelCache"/>: the trend is a year of
/// figures, seconds of work on a large history, and every chart of the page asks for it.
/// </summary>
public sealed class OverviewQuery(
    AnalyticsDbContext db, MetricsQuery metrics, BarriersQuery barriers, ReadModelCache cache, IServiceScopeFactory scopes, TimeProvider clock)
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

    public Task<OverviewView> RunAsync(ReportingPeriod period, CancellationToken ct) => RunAsync(period, Population.Employees, ct);

    public Task<OverviewView> RunAsync(ReportingPeriod period, Population population, CancellationToken ct) =>
        cache.GetAsync(CacheKey("overview", period, population), (services, t) => services.GetRequiredService<OverviewQuery>().ComputeAsync(period, population, t), ct);

    private async Task<OverviewView> ComputeAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        var previous = PreviousOf(period);
        var trend = await TrendAsync(period, population, ct);
        var yearBefore = await YearBeforeAsync(period, population, ct);
        var begins = await DataBeginsAsync(ct);
        if (trend.Count >= 2 && trend[^1].Month == period.From && IsMonth(period))
        {
            return await WithEmptyReasonAsync(new OverviewView(period, previous, trend[^1].Figures, trend)
            {
                Population = population,
                YearBefore = yearBefore,
                DataBegins = begins,
                Previous = trend[^2].Figures,
                Answers = trend[^1].Answers,
                PreviousAnswers = trend[^2].Answers,
            }, ct);
        }

        var people = await cache.PeopleAsync(ct);
        // The period's answers and the period's before in one read (ADR 2307).
        var answers = await barriers.AnswersAsync([period, previous], people, population, ct);
        return await WithEmptyReasonAsync(new OverviewView(period, previous, await FiguresAsync(period, population, ct), trend)
        {
            Population = population,
            YearBefore = yearBefore,
            DataBegins = begins,
            Previous = await FiguresAsync(previous, population, ct),
            Answers = answers[0],
            PreviousAnswers = answers[1],
        }, ct);
    }

    // Only an empty period pays for the explanation: a user with exports and no HR directory must read why, not "nothing imported".
    private async Task<OverviewView> WithEmptyReasonAsync(OverviewView view, CancellationToken ct)
    {
        if (view.Figures.Contributions > 0 || view.Figures.ReuseReceived > 0)
            return view;
        var people = await cache.PeopleAsync(ct);
        var (_, reason) = await new EmptyResultReasons(db).ExplainAsync(view.Period, view.Population, people, ct);
        var firstDay = await DataBeginsAsync(ct);
        return view with { EmptyReason = reason, BeforeData = firstDay is not { } first || view.Period.To < first };
    }

    public async Task<CompanyMetrics> FiguresForAsync(DateOnly month, Population population, CancellationToken ct) =>
        (await RunAsync(ReportingPeriod.Month(month.Year, month.Month), population, ct)).Figures;

    // The company line for employees; the unlinked people's totals are never part of it (ADR 2201).
    private async Task<CompanyMetrics> FiguresAsync(ReportingPeriod period, Population population, CancellationToken ct) =>
        population == Population.Unlinked ? await metrics.UnlinkedAsync(period, ct) : (await metrics.ByDepartmentAsync(period, await cache.PeopleAsync(ct), ct)).Company;

    /// <summary>
    /// The <see cref="TrendMonths"/> months up to and including the month in which the period ends, computed together
    /// (ADR 2071): one read of the roll-ups for all of them, one people directory.
    /// </summary>
    public async Task<IReadOnlyList<OverviewMonth>> TrendAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        var last = new DateOnly(period.To.Year, period.To.Month, 1);
        return await MonthsAsync(last.AddMonths(1 - TrendMonths), last, population, ct);
    }

    /// <summary>The first aggregated day (the index on Day makes it one seek); null when nothing is aggregated.</summary>
    public Task<DateOnly?> DataBeginsAsync(CancellationToken ct) => MetricsQuery.DataBeginsAsync(db, ct);

    /// <summary>
    /// The month a year before each month of the trend, null for a month the data does not cover from its first day (a
    /// month before the first aggregated day has no figures, not zero ones); those are not computed at all.
    /// </summary>
    public async Task<IReadOnlyList<OverviewMonth?>> YearBeforeAsync(ReportingPeriod period, Population population, CancellationToken ct)
    {
        var last = new DateOnly(period.To.Year, period.To.Month, 1).AddMonths(-12);
        var first = last.AddMonths(1 - TrendMonths);
        var begins = await DataBeginsAsync(ct);
        // The covered months are the last ones: from the first month that starts on or after the first aggregated day.
        if (begins is not { } b)
            return [.. Enumerable.Repeat((OverviewMonth?)null, TrendMonths)];
        var from = b.Day == 1 ? b : new DateOnly(b.Year, b.Month, 1).AddMonths(1);
        if (from < first)
            from = first;
        if (from > last)
            return [.. Enumerable.Repeat((OverviewMonth?)null, TrendMonths)];
        var computed = await MonthsAsync(from, last, population, ct);
        return [.. Enumerable.Range(0, TrendMonths).Select(i => first.AddMonths(i)).Select(month => computed.FirstOrDefault(c => c.Month == month))];
    }

    // Kept as one entry per run of months in the cache: the default trend is one computation per data version.
    private Task<IReadOnlyList<OverviewMonth>> MonthsAsync(DateOnly first, DateOnly last, Population population, CancellationToken ct) =>
        cache.GetAsync(CacheKey("overview-months", ReportingPeriod.Range(first, last.AddMonths(1).AddDays(-1)), population),
            (services, t) => services.GetRequiredService<OverviewQuery>().ComputeMonthsAsync(first, last, population, t), ct);

    private async Task<IReadOnlyList<OverviewMonth>> ComputeMonthsAsync(DateOnly first, DateOnly last, Population population, CancellationToken ct)
    {
        var people = await cache.PeopleAsync(ct);
        var months = new List<DateOnly>();
        for (var month = first; month <= last; month = month.AddMonths(1))
            months.Add(month);
        // The answer figures are one read of the months' askings (ADR 2307) in a DI scope of their own (a DbContext serves one
        // query at a time), with the one people directory; the company figures are read on this scope's connection
        // meanwhile. Each on a thread of its own: SQLite's provider reads synchronously, so a call would otherwise return
        // only when its read is done.
        var figures = Task.Run(() => metrics.CompanyByMonthAsync(first, last, people, population, ct), ct);
        var answered = Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<BarriersQuery>()
                .AnswersAsync([.. months.Select(m => ReportingPeriod.Month(m.Year, m.Month))], people, population, ct);
        }, ct);
        // Both awaited whichever fails: the figures' read must end before this scope's connection goes.
        await Task.WhenAll(figures, answered);
        var companyLines = await figures;
        var answers = await answered;
        return [.. months.Select((m, i) => new OverviewMonth(m, companyLines[i], answers[i]))];
    }

    /// <summary>
    /// The period just before, of the same kind: the month, quarter or year before, a run of whole months
    /// shifted by its length, or a custom range shifted by its number of days.
    /// </summary>
    public static ReportingPeriod PreviousOf(ReportingPeriod period)
    {
        var months = period.WholeMonths().ToList();
        var isWholeMonths = period.From.Day == 1 && months.Count > 0 && months[^1].AddMonths(1).AddDays(-1) == period.To;
        if (isWholeMonths)
        {
            var from = period.From.AddMonths(-months.Count);
            if (months.Count == 1)
                return ReportingPeriod.Month(from.Year, from.Month);
            if (months.Count == 3 && (from.Month - 1) % 3 == 0 && period.Label.Contains('Q', StringComparison.OrdinalIgnoreCase))
                return ReportingPeriod.Quarter(from.Year, ((from.Month - 1) / 3) + 1);
            if (months.Count == 12 && from.Month == 1 && period.Label.Length == 4)
                return ReportingPeriod.Year(from.Year);
            return Range(from, period.From.AddDays(-1));
        }

        var days = period.To.DayNumber - period.From.DayNumber + 1;
        return Range(period.From.AddDays(-days), period.From.AddDays(-1));

        // Built, not parsed: the period before the earliest supported one is still a valid comparison.
        static ReportingPeriod Range(DateOnly from, DateOnly to) => ReportingPeriod.Range(from, to);
    }

    public static string CacheKey(string name, ReportingPeriod period) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}:{period.Label}:{period.From:yyyy-MM-dd}:{period.To:yyyy-MM-dd}");

    /// <summary>The key of one population's figures; the employees' key is the plain one.</summary>
    public static string CacheKey(string name, ReportingPeriod period, Population population) =>
        population == Population.Employees ? CacheKey(name, period) : $"{CacheKey(name, period)}:{population}";

    private static bool IsMonth(ReportingPeriod period) =>
        period.From.Day == 1 && period.From.AddMonths(1).AddDays(-1) == period.To;

    /// <summary>"October 2026" for a month, the label otherwise.</summary>
    public static string Name(ReportingPeriod period) =>
        period.WholeMonths().Count() == 1 && period.From.Day == 1 && period.From.AddMonths(1).AddDays(-1) == period.To
            ? period.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture)
            : period.Label;
}

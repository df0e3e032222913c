using System.Linq.Expressions;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Reports.Monthly;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Hosting;

/// <summary>
/// Catch-up on start (ADR 1504): in-memory job storage forgets a month close or report that was due while the process
/// was down (or was running when it stopped), and Hangfire does not replay a recurring occurrence it never saw. Every
/// job server therefore enqueues <see cref="MonthCatchUpJob"/> when it starts; the job looks at the analytics
/// database, the only state that survives, and enqueues what is missing.
/// </summary>
public sealed class MonthCatchUp(IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A job, not work here: it runs after start-up (the database is migrated or checked by then) and retries.
        jobs.Enqueue<MonthCatchUpJob>(job => job.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What <see cref="MonthCatchUpJob.RunAsync"/> enqueued for a month.</summary>
public enum MonthCatchUpAction
{
    CloseAndReport,
    Report,
}

/// <summary>One month's part of a catch-up, in the order it runs.</summary>
public sealed record MonthCatchUpStep(DateOnly Month, MonthCatchUpAction Action);

/// <summary>
/// Enqueues what the analytics database says is missing (ADR 1504, 1507): the close and report of every month after the
/// last closed one whose scheduled close is due (at most <see cref="MaxMonths"/>, never before the data starts), and the
/// report of a closed month that has none (or, for the latest due month, a stale one). Oldest first, each job a
/// continuation of the one before, so months close and report in order and a failure stops the rest until the next
/// start. Running it twice (two servers starting) is harmless: the close and the report are idempotent and never run at once.
/// </summary>
[AutomaticRetry(Attempts = 3, DelaysInSeconds = [60, 300, 900])]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class MonthCatchUpJob(AnalyticsDbContext db, MonthlyReportArchive archive, IBackgroundJobClient jobs, TimeProvider clock,
    IOptions<JobsOptions> options, ILogger<MonthCatchUpJob> logger, Demo.DemoPreparation demo)
{
    /// <summary>A year: an outage longer than that is a case for `analytics close-month`, not for an unattended start.</summary>
    public const int MaxMonths = 12;

    public async Task<IReadOnlyList<MonthCatchUpStep>> RunAsync(CancellationToken ct)
    {
        // A demo's first start closes its last months after listening (ADR 2021); planned before they are closed, the
        // catch-up would close every month of the demo's year instead. Complete at once in every other case.
        await demo.Finished.WaitAsync(ct);
        var steps = await PlanAsync(ct);
        var latest = MonthCloseCalendar.LatestDueMonth(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone));
        string? previous = null;
        foreach (var (month, action) in steps)
        {
            if (action == MonthCatchUpAction.Report)
            {
                logger.LogWarning("Month {Month:yyyy-MM} is closed but its report is missing or stale: generating it now (catch-up on start)", month);
                previous = Chain<MonthlyReportJob>(previous, job => job.RunForMonthAsync(month, CancellationToken.None));
            }
            else if (month == latest)
            {
                // The regular close: it chains its own report and waits for the month's last UTC day (ADR 1506).
                logger.LogWarning("Month {Month:yyyy-MM} is not closed although its close was due: closing it now (catch-up on start)", month);
                previous = Chain<MonthCloseJob>(previous, job => job.RunForMonthAsync(month, null, CancellationToken.None));
            }
            else
            {
                logger.LogWarning("Month {Month:yyyy-MM} is not closed although its close was due: closing and reporting it before the later months (catch-up on start)", month);
                previous = Chain<MonthCloseJob>(previous, job => job.CloseAsync(month, CancellationToken.None));
                previous = Chain<MonthlyReportJob>(previous, job => job.RunForMonthAsync(month, CancellationToken.None));
            }
        }

        return steps;
    }

    /// <summary>The months to catch up and what each needs, oldest first.</summary>
    public async Task<IReadOnlyList<MonthCatchUpStep>> PlanAsync(CancellationToken ct)
    {
        var latest = MonthCloseCalendar.LatestDueMonth(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone));
        var closed = (await db.MonthCloses.AsNoTracking().Where(m => m.Month <= latest).Select(m => m.Month).ToListAsync(ct)).ToHashSet();
        var dataStart = await DataStartMonthAsync(ct);
        var bound = latest.AddMonths(1 - MaxMonths);

        // After the last closed month; with none closed, from the month the data starts (a database without data: only
        // the latest due month, as the recurring close would have done). Never before the data starts, at most a year.
        var first = closed.Count > 0 ? closed.Max().AddMonths(1) : dataStart ?? latest;
        if (dataStart > first)
            first = dataStart.Value;
        if (first < bound)
        {
            logger.LogWarning("Months {From:yyyy-MM} to {To:yyyy-MM} are not closed and lie more than {Max} months back: catch-up leaves them open (close them with `analytics close-month`)",
                first, bound.AddMonths(-1), MaxMonths);
            first = bound;
        }

        var window = dataStart > bound ? dataStart.Value : bound;
        var steps = new List<MonthCatchUpStep>();
        var reported = (await db.StoredReports.AsNoTracking().Where(r => r.Kind == MonthlyReportArchive.Kind).Select(r => r.Period).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        for (var month = window; month <= latest; month = month.AddMonths(1))
        {
            var period = ReportingPeriod.Month(month.Year, month.Month);
            if (!closed.Contains(month))
            {
                if (month >= first)
                    steps.Add(new MonthCatchUpStep(month, MonthCatchUpAction.CloseAndReport));
            }
            else if (!reported.Contains(period.Label) || (month == latest && !await archive.IsCurrentAsync(period, ct)))
            {
                steps.Add(new MonthCatchUpStep(month, MonthCatchUpAction.Report));
            }
        }

        return steps;
    }

    /// <summary>The first month with activity or aggregates (raw activity may be purged, aggregates stay); null without data.</summary>
    private async Task<DateOnly?> DataStartMonthAsync(CancellationToken ct)
    {
        var firstActivity = await db.Activities.AsNoTracking().MinAsync(a => (DateTime?)a.OccurredAt, ct);
        var firstAggregate = await Metrics.MetricsQuery.DataBeginsAsync(db, ct);
        DateOnly? first = firstActivity is { } at ? DateOnly.FromDateTime(at) : null;
        if (firstAggregate is { } day && (first is null || day < first))
            first = day;
        return first is { } d ? new DateOnly(d.Year, d.Month, 1) : null;
    }

    private string Chain<TJob>(string? previous, Expression<Func<TJob, Task>> call) =>
        previous is null ? jobs.Enqueue(call) : jobs.ContinueJobWith(previous, call);
}

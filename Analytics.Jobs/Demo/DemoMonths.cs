using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Reports.Monthly;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Demo;

/// <summary>
/// Closes the demo's last full months and stores their reports (issue 18 part 5, ADR 1831), through the month close
/// and the report job the schedule runs, so Reports lists stored workbooks on first start. Idempotent: a closed month
/// is not closed again and a current report is not generated again, so it runs on every demo start and a start killed
/// half-way finishes the rest on the next.
/// </summary>
public sealed class DemoMonths(MonthCloser closer, MonthlyReportJob reports, MonthlyReportArchive archive, TimeProvider clock, IOptions<JobsOptions> jobs)
{
    /// <summary>The <paramref name="count"/> most recent months whose close is due, oldest first.</summary>
    public IReadOnlyList<DateOnly> MonthsToClose(int count)
    {
        var now = clock.GetUtcNow();
        var latest = MonthCloseCalendar.LatestDueMonth(now, TimeZoneInfo.FindSystemTimeZoneById(jobs.Value.TimeZone));
        // East of UTC the organisation's month may have ended before its last UTC day: that close is the schedule's
        // (ADR 1506), which waits for the day; the demo closes only what the close would accept now.
        if (now < MonthCloseCalendar.DaysCompleteAt(latest))
            latest = latest.AddMonths(-1);
        return [.. Enumerable.Range(0, Math.Max(0, count)).Select(i => latest.AddMonths(i - count + 1))];
    }

    /// <summary>
    /// The months of <see cref="MonthsToClose"/> not yet closed with a current stored report: what <see cref="CloseAsync"/>
    /// still has to do (empty on a restart with everything in place). The web app reads it before it listens, so Reports
    /// can say which reports are being generated while the work runs after start (ADR 2021).
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> PendingAsync(int count, CancellationToken ct)
    {
        var pending = new List<DateOnly>();
        foreach (var month in MonthsToClose(count))
        {
            var period = Analytics.Domain.Metrics.ReportingPeriod.Month(month.Year, month.Month);
            if (!await archive.IsClosedAsync(period, ct) || !await archive.IsCurrentAsync(period, ct))
                pending.Add(month);
        }

        return pending;
    }

    /// <returns>The months whose report was stored by this call (empty on a restart with everything in place).</returns>
    public async Task<IReadOnlyList<DateOnly>> CloseAsync(int count, CancellationToken ct)
    {
        var stored = new List<DateOnly>();
        foreach (var month in MonthsToClose(count))
        {
            if (await CloseMonthAsync(month, ct))
                stored.Add(month);
        }

        return stored;
    }

    /// <summary>Closes one month (if not closed) and stores its report (if not current); true when a report was stored.</summary>
    public async Task<bool> CloseMonthAsync(DateOnly month, CancellationToken ct)
    {
        await closer.CloseAsync(month, "demo", ct);
        return await reports.RunForMonthAsync(month, ct);
    }
}

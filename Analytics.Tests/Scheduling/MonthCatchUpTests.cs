using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Sources;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Scheduling;

/// <summary>
/// Issue 15 "embedded default that persists" (ADR 1504): the embedded in-memory job storage forgets everything on a
/// restart, so every job server catches up at start from the analytics database. Each host below is one run of the
/// process over the same database, with the clock it would see.
/// </summary>
public sealed class MonthCatchUpTests
{
    private static readonly DateOnly September = new(2026, 9, 1);
    private static readonly DateOnly October = new(2026, 10, 1);

    private static async Task<(int Closes, int Reports)> MonthAsync(TestDatabase database, DateOnly month)
    {
        await using var db = database.CreateContext();
        var label = ReportingPeriod.Month(month.Year, month.Month).Label;
        return (await db.MonthCloses.CountAsync(m => m.Month == month),
            await db.StoredReports.CountAsync(r => r.Kind == MonthlyReportArchive.Kind && r.Period == label));
    }

    /// <summary>September closed and reported before the tests' 1st of November, as the previous month's run left it.</summary>
    private static async Task<TestDatabase> WithSeptemberDoneAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await using var before = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), server: false);
        await before.InScopeAsync(s => s.GetRequiredService<MonthCloser>().CloseAsync(September, "system", CancellationToken.None));
        await before.InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunForMonthAsync(September, CancellationToken.None));
        return database;
    }

    private static async Task RunUntilIdleAsync(TestDatabase database, DateTimeOffset now)
    {
        await using var host = await JobServerHost.StartAsync(database, now);
        await JobServerHost.WaitUntilAsync($"the server started at {now:u} ran its catch-up and what it enqueued",
            () => Task.FromResult(host.Storage.GetMonitoringApi().SucceededListCount() >= 1 && host.Idle()));
    }

    [Fact]
    public async Task Stopped_on_the_1st_before_the_close_ran_the_next_start_closes_the_month_and_stores_its_report_once()
    {
        await using var database = await WithSeptemberDoneAsync();

        // Up at 01:00 on the 1st, stopped (deploy, crash) before the 02:30 close: nothing of October is due yet.
        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal((0, 0), await MonthAsync(database, October));
        Assert.Equal((1, 1), await MonthAsync(database, September));

        // Back at 09:00: Hangfire never saw the 02:30 occurrence; catch-up closes October and the close chains its report.
        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal((1, 1), await MonthAsync(database, October));

        // Restarted again the same day: nothing is closed or generated twice.
        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal((1, 1), await MonthAsync(database, October));
        Assert.Equal((1, 1), await MonthAsync(database, September));
    }

    [Fact]
    public async Task Stopped_on_the_1st_between_the_close_and_its_report_the_next_start_stores_the_report_once()
    {
        await using var database = await WithSeptemberDoneAsync();

        // The close committed at 02:30 and the process died before its continuation ran: the queue died with it.
        await using (var dying = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 11, 1, 2, 30, 0, TimeSpan.Zero), server: false))
            Assert.True(await dying.InScopeAsync(s => s.GetRequiredService<MonthCloser>().CloseAsync(October, "system", CancellationToken.None)));
        Assert.Equal((1, 0), await MonthAsync(database, October));

        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal((1, 1), await MonthAsync(database, October));

        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal((1, 1), await MonthAsync(database, October));
    }

    /// <summary>One activity on the 15th of each month from <paramref name="from"/> to <paramref name="to"/>: the data starts in <paramref name="from"/>.</summary>
    private static async Task AddActivityAsync(TestDatabase database, DateOnly from, DateOnly to)
    {
        await using var db = database.CreateContext();
        var source = new SourceSystem { Name = "Wiki", Kind = "mediawiki", CreatedAt = DateTimeOffset.UnixEpoch };
        for (var month = from; month <= to; month = month.AddMonths(1))
            db.Activities.Add(new Activity { SourceSystem = source, SourceEventId = $"e{month:yyyyMM}", Type = ActivityType.Edited, OccurredAt = month.AddDays(14).ToDateTime(new TimeOnly(12, 0)) });
        await db.SaveChangesAsync();
    }

    private static async Task<List<string?>> AuditedAsync(TestDatabase database, string action)
    {
        await using var db = database.CreateContext();
        return await db.AuditEntries.Where(a => a.Action == action).OrderBy(a => a.Id).Select(a => a.Subject).ToListAsync();
    }

    [Fact]
    public async Task Down_for_months_the_next_start_closes_and_reports_every_missed_month_once_oldest_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddActivityAsync(database, new DateOnly(2026, 5, 1), new DateOnly(2026, 10, 1));
        var june = new DateOnly(2026, 6, 1);
        await using (var before = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 7, 1, 3, 0, 0, TimeSpan.Zero), server: false))
        {
            await before.InScopeAsync(s => s.GetRequiredService<MonthCloser>().CloseAsync(june, "system", CancellationToken.None));
            await before.InScopeAsync(s => s.GetRequiredService<MonthlyReportJob>().RunForMonthAsync(june, CancellationToken.None));
        }

        // Down from early July to the 1st of November: July, August, September and October were never closed.
        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));

        string[] missed = ["2026-07", "2026-08", "2026-09", "2026-10"];
        Assert.Equal(["Month:2026-06", .. missed.Select(m => $"Month:{m}")], await AuditedAsync(database, "month.closed"));
        Assert.Equal(["StoredReport:monthly:2026-06:v1", .. missed.Select(m => $"StoredReport:monthly:{m}:v1")], await AuditedAsync(database, "report.generated"));
        // May is before the last closed month: a month someone chose not to close is not caught up.
        Assert.Equal((0, 0), await MonthAsync(database, new DateOnly(2026, 5, 1)));

        // Restarted again the same day: nothing is closed or generated twice.
        await RunUntilIdleAsync(database, new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(5, (await AuditedAsync(database, "month.closed")).Count);
        Assert.Equal(5, (await AuditedAsync(database, "report.generated")).Count);
    }

    [Theory]
    [InlineData("2025-01-01", "2025-11-01")] // data since January 2025, nothing ever closed: only the last twelve months
    [InlineData("2026-08-01", "2026-08-01")] // data since August 2026: never before the data starts
    public async Task Catch_up_goes_back_at_most_a_year_and_never_before_the_data_starts_each_month_after_the_one_before(string dataStart, string expectedFirst)
    {
        await using var database = await TestDatabase.CreateAsync();
        await AddActivityAsync(database, DateOnly.Parse(dataStart, System.Globalization.CultureInfo.InvariantCulture), October);
        await using var host = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), server: false);

        var steps = await host.InScopeAsync(s => ActivatorUtilities.CreateInstance<MonthCatchUpJob>(s).RunAsync(CancellationToken.None));

        var first = DateOnly.Parse(expectedFirst, System.Globalization.CultureInfo.InvariantCulture);
        var months = steps.Select(s => s.Month).ToList();
        Assert.Equal(first, months[0]);
        Assert.Equal(October, months[^1]);
        Assert.Equal(Enumerable.Range(0, months.Count).Select(i => first.AddMonths(i)), months);
        Assert.All(steps, s => Assert.Equal(MonthCatchUpAction.CloseAndReport, s.Action));
        Assert.InRange(months.Count, 1, MonthCatchUpJob.MaxMonths);

        // One chain: only the oldest close is queued; every later close and report waits for the job before it
        // (a close and a report per month, the latest month's close chains its own report when it runs).
        var monitor = host.Storage.GetMonitoringApi();
        var queued = Assert.Single(monitor.EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal(first, queued.Job.Args[0]);
        Assert.Equal(2 * months.Count - 2, monitor.GetStatistics().Awaiting);
    }

    [Theory]
    [InlineData("2026-11-01T02:29:00Z", "UTC", "2026-09-01")]
    [InlineData("2026-11-01T02:30:00Z", "UTC", "2026-10-01")]
    [InlineData("2026-11-17T12:00:00Z", "UTC", "2026-10-01")]
    [InlineData("2026-11-01T01:29:00Z", "Europe/Berlin", "2026-09-01")] // 02:29 in Berlin (CET, UTC+1)
    [InlineData("2026-11-01T01:30:00Z", "Europe/Berlin", "2026-10-01")]
    [InlineData("2027-01-01T02:30:00Z", "UTC", "2026-12-01")]
    public void The_due_month_is_the_one_the_latest_due_month_close_occurrence_closes(string now, string zone, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MonthCloseCalendar.LatestDueMonth(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Fact]
    public void The_catch_up_time_is_the_time_of_the_month_close_cron()
    {
        var time = Analytics.Jobs.Metrics.MetricsSchedule.MonthCloseTime;
        Assert.Equal(Analytics.Jobs.Metrics.MetricsSchedule.MonthCloseCron, $"{time.Minute} {time.Hour} 1 * *");
    }
}

using Analytics.Domain.Metrics;
using Analytics.Jobs.Aggregation;
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

using Analytics.Jobs.Aggregation;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Scheduling;

/// <summary>
/// Issue 15 follow-up: the month to close is the one that has just ended in the organisation's time zone (Jobs:TimeZone),
/// not in UTC. Tokyo is UTC+9 (no daylight saving): the recurring close at 02:30 local on the 1st of November runs at
/// 17:30 UTC on 31 October, when the UTC date still says October.
/// </summary>
public sealed class OrganisationMonthTests
{
    private const string Tokyo = "Asia/Tokyo";
    private static readonly DateOnly September = new(2026, 9, 1);
    private static readonly DateOnly October = new(2026, 10, 1);

    /// <summary>02:30 on 1 November in Tokyo: the moment the recurring month close fires there.</summary>
    private static readonly DateTimeOffset CloseOccurrenceInTokyo = new(2026, 10, 31, 17, 30, 0, TimeSpan.Zero);

    private static async Task<List<DateOnly>> ClosedMonthsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.MonthCloses.OrderBy(m => m.Month).Select(m => m.Month).ToListAsync();
    }

    [Fact]
    public async Task The_recurring_close_east_of_UTC_closes_the_month_that_ended_locally_once_its_UTC_days_are_complete()
    {
        await using var database = await TestDatabase.CreateAsync();
        // No job server: the job runs as one Hangfire attempt would, and the storage shows what it scheduled.
        await using var host = await JobServerHost.StartAsync(database, CloseOccurrenceInTokyo, server: false, timeZone: Tokyo);

        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<MonthCloseJob>().RunAsync(null, CancellationToken.None);
            return true;
        });

        // October has ended in Tokyo, but its last UTC day (days are UTC days, ADR 0201) is still running: nothing is
        // closed now (and certainly not September, which the UTC date would pick), October's close is scheduled.
        Assert.Empty(await ClosedMonthsAsync(database));
        var monitor = host.Storage.GetMonitoringApi();
        var scheduled = Assert.Single(monitor.ScheduledJobs(0, 10)).Value;
        Assert.Equal(typeof(MonthCloseJob), scheduled.Job.Type);
        Assert.Equal(nameof(MonthCloseJob.RunForMonthAsync), scheduled.Job.Method.Name);
        Assert.Equal(October, scheduled.Job.Args[0]);
        // Due at 02:30 UTC on the 1st (the schedule's margin after the month's last UTC day): nine hours from now.
        Assert.InRange(scheduled.EnqueueAt - DateTime.UtcNow, TimeSpan.FromHours(8.9), TimeSpan.FromHours(9));

        // When it runs, October is closed and its report chained.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 1, 2, 30, 0, TimeSpan.Zero));
        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<MonthCloseJob>().RunForMonthAsync(October, null, CancellationToken.None);
            return true;
        });
        Assert.Equal([October], await ClosedMonthsAsync(database));
        var chained = Assert.Single(monitor.EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal(nameof(Analytics.Jobs.Reports.Monthly.MonthlyReportJob.RunForMonthAsync), chained.Job.Method.Name);
        Assert.Equal(October, chained.Job.Args[0]);
    }

    [Fact]
    public async Task The_recurring_close_in_UTC_closes_last_month_at_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 11, 1, 2, 30, 0, TimeSpan.Zero), server: false);

        await host.InScopeAsync(async s =>
        {
            await s.GetRequiredService<MonthCloseJob>().RunAsync(null, CancellationToken.None);
            return true;
        });

        Assert.Equal([October], await ClosedMonthsAsync(database));
        Assert.Equal(0, host.Storage.GetMonitoringApi().ScheduledCount());
    }

    [Fact]
    public async Task Catch_up_east_of_UTC_after_the_local_close_time_closes_the_month_that_ended_locally()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var before = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), server: false))
        {
            await before.InScopeAsync(s => s.GetRequiredService<MonthCloser>().CloseAsync(September, "system", CancellationToken.None));
            await before.InScopeAsync(s => s.GetRequiredService<Analytics.Jobs.Reports.Monthly.MonthlyReportJob>().RunForMonthAsync(September, CancellationToken.None));
        }

        // 03:00 on 1 November in Tokyo (18:00 UTC on 31 October): the 02:30 close was missed while the process was down.
        await using var host = await JobServerHost.StartAsync(database, CloseOccurrenceInTokyo.AddMinutes(30), server: false, timeZone: Tokyo);
        var steps = await host.InScopeAsync(s => ActivatorUtilities.CreateInstance<Analytics.Jobs.Hosting.MonthCatchUpJob>(s).RunAsync(CancellationToken.None));

        Assert.Equal([new Analytics.Jobs.Hosting.MonthCatchUpStep(October, Analytics.Jobs.Hosting.MonthCatchUpAction.CloseAndReport)], steps);
        var queued = Assert.Single(host.Storage.GetMonitoringApi().EnqueuedJobs("default", 0, 10)).Value;
        Assert.Equal(typeof(MonthCloseJob), queued.Job.Type);
        Assert.Equal(October, queued.Job.Args[0]);
    }

    [Theory]
    [InlineData("2026-10-31T15:30:00Z", "2026-09-01")] // 00:30 on 1 November in Tokyo: October has ended, its close (02:30) is not due yet
    [InlineData("2026-10-31T17:29:00Z", "2026-09-01")] // 02:29 in Tokyo
    [InlineData("2026-10-31T17:30:00Z", "2026-10-01")] // 02:30 in Tokyo, still 31 October in UTC
    [InlineData("2026-11-30T23:00:00Z", "2026-11-01")] // 08:00 on 1 December in Tokyo, 30 November in UTC
    public void The_due_month_follows_the_organisations_calendar_east_of_UTC(string now, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MonthCloseCalendar.LatestDueMonth(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture),
                TimeZoneInfo.FindSystemTimeZoneById(Tokyo)));

    [Fact]
    public async Task The_last_full_month_leadership_downloads_is_the_organisations_last_month_not_the_UTC_dates()
    {
        await using var database = await TestDatabase.CreateAsync();
        // 05:00 on 1 November in Tokyo, still 31 October in UTC: October is the last full month there, September by the UTC date.
        await using var host = await JobServerHost.StartAsync(database, new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero), server: false, timeZone: Tokyo);

        var report = await host.InScopeAsync(s => s.GetRequiredService<Analytics.Jobs.Reports.Monthly.MonthlyReportArchive>().LastMonthAsync("leadership", CancellationToken.None));

        Assert.Equal("2026-10", report.Period.Label);
        Assert.True(report.Provisional);
    }
}

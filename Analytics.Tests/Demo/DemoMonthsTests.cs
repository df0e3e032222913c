using System.Net;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Demo;

/// <summary>
/// Issue 18 part 5: on first start the demo closes its last full months through the month close and the report job
/// (ADR 1831), so leadership finds stored reports on /Reports at once; a restart on the same database adds nothing.
/// </summary>
public sealed class DemoMonthsTests
{
    private const int ClosedMonths = 2;

    private static AnalyticsWebFactory Start(string? dataFolder = null) =>
        new(dataFolder, builder => builder.UseSetting("Demo:ClosedMonths", ClosedMonths.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<(List<DateOnly> Closes, List<(string Period, int Version)> Reports)> StateAsync(AnalyticsWebFactory web)
    {
        await using var scope = web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>();
        var closes = (await db.MonthCloses.Select(m => m.Month).ToListAsync()).Order().ToList();
        var reports = (await db.StoredReports.Where(r => r.Kind == MonthlyReportArchive.Kind).Select(r => new { r.Period, r.Version }).ToListAsync())
            .Select(r => (r.Period, r.Version)).OrderBy(r => r.Period, StringComparer.Ordinal).ToList();
        return (closes, reports);
    }

    private static async Task FinishedAsync(AnalyticsWebFactory web)
    {
        var preparation = web.Services.GetRequiredService<DemoPreparation>();
        // A guard against a hang, not a timing assertion: the work normally ends in seconds.
        await preparation.Finished.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Null(preparation.Failure);
    }

    /// <summary>
    /// ADR 2021: the closes and reports run after the app listens. Another process holds the aggregation lock, so the
    /// month close waits and the background work is observably pending: the overview answers meanwhile, Reports says
    /// which reports are being generated (no "nothing stored" state); once the lock is free they are stored and listed.
    /// </summary>
    [Fact]
    public async Task The_overview_answers_while_the_demo_months_are_closed_in_the_background_and_reports_says_so()
    {
        string folder;
        // A first start that seeds without closing (the factory's default), so the second start has the closes to do.
        await using (var seeded = new AnalyticsWebFactory())
        {
            folder = seeded.DataFolder;
            seeded.CreateClient().Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var other = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, DatabaseOptions.DefaultFileName)}");
        var held = await Analytics.Jobs.Coordination.DatabaseLock.Over(other).AcquireAsync(Analytics.Jobs.Aggregation.Aggregator.LockName, CancellationToken.None);
        await using var web = Start(folder);
        using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var preparation = web.Services.GetRequiredService<DemoPreparation>();
        IReadOnlyList<DateOnly> expected;
        await using (var scope = web.Services.CreateAsyncScope())
            expected = scope.ServiceProvider.GetRequiredService<DemoMonths>().MonthsToClose(ClosedMonths);
        try
        {
            Assert.Equal(expected, preparation.PendingMonths);
            await SignIn.AsAsync(client, "leadership");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            var pending = await client.GetStringAsync("/Reports");
            Assert.Contains("are being generated", pending, StringComparison.Ordinal);
            foreach (var month in expected)
                Assert.Contains(ReportingPeriod.Month(month.Year, month.Month).Label, pending, StringComparison.Ordinal);
            Assert.DoesNotContain("No report is stored yet", pending, StringComparison.Ordinal);
            Assert.DoesNotContain("is not stored yet", pending, StringComparison.Ordinal);
            Assert.False(preparation.Finished.IsCompleted);
            Assert.Empty((await StateAsync(web)).Reports);
        }
        finally
        {
            await held.DisposeAsync();
        }

        await FinishedAsync(web);
        Assert.Empty(preparation.PendingMonths);
        var done = await client.GetStringAsync("/Reports");
        Assert.DoesNotContain("are being generated", done, StringComparison.Ordinal);
        foreach (var month in expected)
            Assert.Contains(MonthlyReportBuilder.FileName(ReportingPeriod.Month(month.Year, month.Month), 1), done, StringComparison.Ordinal);
        Assert.Equal(expected, (await StateAsync(web)).Closes);
    }

    [Fact]
    public async Task First_start_closes_and_reports_the_last_full_months_once_and_a_restart_adds_nothing()
    {
        string folder;
        IReadOnlyList<DateOnly> expected;
        await using (var web = Start())
        {
            folder = web.DataFolder;
            using var client = web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            // The closes run after the app listens (ADR 2021); this test looks at their result.
            await FinishedAsync(web);
            await using (var scope = web.Services.CreateAsyncScope())
                expected = scope.ServiceProvider.GetRequiredService<DemoMonths>().MonthsToClose(ClosedMonths);
            Assert.Equal(ClosedMonths, expected.Count);

            var (closes, reports) = await StateAsync(web);
            Assert.Equal(expected, closes);
            Assert.Equal(expected.Select(m => (ReportingPeriod.Month(m.Year, m.Month).Label, 1)), reports);

            // Leadership lists the stored workbooks and the last full month's link serves the stored one, not a provisional build.
            await SignIn.AsAsync(client, "leadership");
            var page = await client.GetStringAsync("/Reports");
            foreach (var month in expected)
                Assert.Contains(MonthlyReportBuilder.FileName(ReportingPeriod.Month(month.Year, month.Month), 1), page, StringComparison.Ordinal);
            var last = ReportingPeriod.Month(expected[^1].Year, expected[^1].Month);
            var download = await client.GetAsync("/Reports?handler=LastMonth");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(MonthlyReportBuilder.FileName(last, 1), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            Assert.Empty(Workbooks.ValidationErrors(await download.Content.ReadAsByteArrayAsync()));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var again = Start(folder))
        {
            again.CreateClient().Dispose();
            await FinishedAsync(again);
            Assert.Empty(again.Services.GetRequiredService<DemoPreparation>().PendingMonths);
            var (closes, reports) = await StateAsync(again);
            Assert.Equal(expected, closes);
            Assert.Equal(expected.Select(m => (ReportingPeriod.Month(m.Year, m.Month).Label, 1)), reports);
        }
    }
}

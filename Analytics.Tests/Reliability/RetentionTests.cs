using System.Globalization;
using Analytics.Jobs.Retention;
using Analytics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Analytics.Tests.Reliability;

/// <summary>
/// The retention purge through the real command line on the demo organisation: raw rows past retention go, their
/// days' aggregates, leaderboards and metrics stay exactly as they were, and pending or open days are kept.
/// </summary>
public sealed class RetentionTests(ITestOutputHelper log) : IDisposable
{
    // The demo covers the three months before the current one; two months of retention purge the first of them.
    private static readonly Dictionary<string, string> TwoMonths = new() { ["Retention__RawActivityMonths"] = "2", ["Retention__BatchSize"] = "500" };
    private static readonly string[] AggregateTables = ["DailyPersonMetrics", "DailyFlows", "DailyPairReuses", "PointsEntries", "BadgeAwards", "MonthlySnapshots"];

    private readonly ScratchFolder _folder = new("retention");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Purging_keeps_every_aggregate_and_leaves_pending_days_and_open_months_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        await CliAsync("seed-demo", "--employees", "60", "--months", "3", "--seed", "9", "--closed-months", "0");
        var first = await FirstMonthAsync(database);
        var month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var open = first.AddMonths(1);
        await CliAsync("close-month", "--period", month);

        // A late record for a day of the closed month, imported but not aggregated yet.
        var late = first.AddDays(19);
        var file = _folder.File("late.csv");
        await File.WriteAllTextAsync(file, $"event_id,occurred_at,actor,type,item_id\nlate-1,{late:yyyy-MM-dd}T10:00:00Z,late.comer@example.com,authored,late-page\n");
        await CliAsync("import", "activity-csv", file, "--source", "late");

        var figures = await FiguresAsync(month);
        var tables = await TablesAsync(database);
        var total = await CountAsync(database, DateOnly.MaxValue);

        var dry = await CliAsync("purge", "--dry-run");
        Assert.Contains($"Would purge {await CountAsync(database, late)} raw activities before {late:yyyy-MM-dd}", dry, StringComparison.Ordinal);
        Assert.Equal(total, await CountAsync(database, DateOnly.MaxValue));

        // The pending day holds the purge back: everything before it goes, it and everything after stay.
        var purged = await CliAsync("purge");
        log.WriteLine(purged.Trim());
        Assert.Contains($"before {late:yyyy-MM-dd}", purged, StringComparison.Ordinal);
        Assert.Contains("not aggregated yet", purged, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(database, late));
        Assert.True(await CountAsync(database, late.AddDays(1)) >= 1, "the pending day keeps its raw rows");
        Assert.Equal(figures, await FiguresAsync(month));
        Assert.Equal(tables, await TablesAsync(database));

        // Once aggregated, the rest of the closed month goes; the open month stays although it is past the cut-off.
        await CliAsync("aggregate");
        figures = await FiguresAsync(month);
        tables = await TablesAsync(database);
        var younger = await CountAsync(database, DateOnly.MaxValue) - await CountAsync(database, open);
        var second = await CliAsync("purge");
        log.WriteLine(second.Trim());
        Assert.Contains($"before {open:yyyy-MM-dd}", second, StringComparison.Ordinal);
        Assert.Contains($"{open:yyyy-MM} is not closed", second, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(database, open));
        Assert.Equal(younger, await CountAsync(database, DateOnly.MaxValue));
        Assert.Equal(figures, await FiguresAsync(month));
        Assert.Equal(tables, await TablesAsync(database));

        // A full re-aggregation (or a merge's marks) must not recompute purged days from the rows that are gone.
        await CliAsync("aggregate", "--full");
        Assert.Equal(figures, await FiguresAsync(month));
        Assert.Equal(tables, await TablesAsync(database));

        await using var db = database.CreateContext();
        var audits = await db.AuditEntries.AsNoTracking().Where(a => a.Action == RetentionPurger.AuditAction).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([$"RawActivity:before:{late:yyyy-MM-dd}", $"RawActivity:before:{open:yyyy-MM-dd}"], audits.Select(a => a.Subject));
        Assert.All(audits, a => Assert.Contains("raw activities before", a.Details, StringComparison.Ordinal));
        Assert.Equal(open, await RetentionPurger.HorizonAsync(db, CancellationToken.None));

        async Task<string> CliAsync(params string[] args)
        {
            var result = await InProcessCli.RunAsync(TwoMonths, [.. args, "--db", database.Path]);
            Assert.True(result.Exit == 0, $"{string.Join(' ', args)}: {result.Error}");
            return result.Output;
        }

        // What the dashboard, the API and the monthly report show for the purged month, read from the aggregates.
        async Task<string> FiguresAsync(string period) => string.Join("\n",
            await CliAsync("metrics", "--period", period, "--by", "department", "--json"),
            await CliAsync("metrics", "--period", period, "--by", "person", "--json"),
            await CliAsync("leaderboard", "--period", period, "--json"),
            await CliAsync("leaderboard", "--period", first.AddMonths(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".." + open.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--metric", "reuse", "--json"));
    }

    [Fact]
    public async Task Retention_of_zero_months_keeps_everything()
    {
        await using var database = await TestDatabase.CreateAsync();
        var seeded = await InProcessCli.RunAsync("seed-demo", "--employees", "60", "--months", "2", "--seed", "4", "--closed-months", "0", "--db", database.Path);
        Assert.True(seeded.Exit == 0, seeded.Error);
        var total = await CountAsync(database, DateOnly.MaxValue);

        var result = await InProcessCli.RunAsync(new Dictionary<string, string> { ["Retention__RawActivityMonths"] = "0" }, "purge", "--db", database.Path);

        Assert.True(result.Exit == 0, result.Error);
        Assert.Contains("keep forever", result.Output, StringComparison.Ordinal);
        Assert.Equal(total, await CountAsync(database, DateOnly.MaxValue));
    }

    private static async Task<DateOnly> FirstMonthAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var oldest = await db.Activities.MinAsync(a => a.OccurredAt);
        return new DateOnly(oldest.Year, oldest.Month, 1);
    }

    private static async Task<long> CountAsync(TestDatabase database, DateOnly before)
    {
        await using var db = database.CreateContext();
        var end = before == DateOnly.MaxValue ? DateTime.MaxValue : before.ToDateTime(TimeOnly.MinValue);
        return await db.Activities.LongCountAsync(a => a.OccurredAt < end);
    }

    private static async Task<string> TablesAsync(TestDatabase database)
    {
        var sums = new List<string>();
        foreach (var table in AggregateTables)
            sums.Add($"{table}: {await DatabaseState.TableAsync(database.Path, table)}");
        return string.Join("\n", sums);
    }
}

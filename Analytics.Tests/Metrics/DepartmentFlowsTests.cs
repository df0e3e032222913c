using Analytics.Domain.Knowledge;
using Analytics.Jobs.Metrics;
using Analytics.Tests.Metrics.Support;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Metrics;

/// <summary>The flows of a range of days summed in memory from narrow rows (ADR 2302) equal SQL's grouped sums.</summary>
public sealed class DepartmentFlowsTests
{
    [Fact]
    public async Task The_sums_of_a_range_equal_the_day_rows_grouped_by_author_and_reuser_department()
    {
        await using var w = await MetricsWorld.CreateAsync();
        var company = await w.DepartmentAsync("CO");
        var sales = await w.DepartmentAsync("SAL", company);
        var tech = await w.DepartmentAsync("TEC", company);
        var author = await w.PersonAsync("author", tech);
        var seller = await w.PersonAsync("seller", sales);
        var colleague = await w.PersonAsync("colleague", tech);
        var page = await w.ItemAsync(author);
        var guide = await w.ItemAsync(seller);
        // Three days, two types, both directions, and a day outside the range on each side.
        foreach (var day in new[] { 1, 2, 2, 3, 9 })
        {
            var at = new DateTime(2026, 10, day, 10, 0, 0, DateTimeKind.Utc);
            await w.ActAsync(ActivityType.Viewed, seller, page, at, quantity: day);
            await w.ActAsync(ActivityType.Upvoted, seller, page, at);
            await w.ActAsync(ActivityType.Viewed, colleague, guide, at, quantity: 2.5);
            await w.ActAsync(ActivityType.Viewed, colleague, page, at);
        }

        await w.ActAsync(ActivityType.Viewed, seller, page, new DateTime(2026, 9, 30, 23, 0, 0, DateTimeKind.Utc), quantity: 100);
        await w.AggregateAsync();
        var (first, last) = (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 3));

        var grouped = (await w.Db.DailyFlows.AsNoTracking().Where(f => f.Day >= first && f.Day <= last)
                .GroupBy(f => new { f.AuthorDepartmentId, f.ReuserDepartmentId })
                .Select(g => new { g.Key.AuthorDepartmentId, g.Key.ReuserDepartmentId, Events = g.Sum(f => f.Events) })
                .ToListAsync())
            .Select(g => (g.AuthorDepartmentId, g.ReuserDepartmentId, g.Events)).OrderBy(g => g).ToList();
        var summed = (await DepartmentFlows.SumAsync(w.Db, first, last, CancellationToken.None)).OrderBy(g => g).ToList();

        Assert.Equal(grouped, summed);
        Assert.Contains(summed, f => f.Author == tech.Id && f.Reuser == sales.Id);
        Assert.Contains(summed, f => f.Author == sales.Id && f.Reuser == tech.Id);
        Assert.Empty(await DepartmentFlows.SumAsync(w.Db, new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31), CancellationToken.None));
    }
}

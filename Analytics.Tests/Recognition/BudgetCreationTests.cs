using Analytics.Jobs.Recognition;
using Analytics.Web.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Recognition;

public sealed class BudgetCreationTests(RecognitionFixture fixture) : IClassFixture<RecognitionFixture>
{
    [Fact]
    public async Task Requests_creating_the_same_quarter_budget_at_once_end_with_one_row_and_one_audit_entry()
    {
        var quarter = new Quarter(2099, 2);
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var scope = fixture.Web.Services.CreateAsyncScope();
            var budgets = scope.ServiceProvider.GetRequiredService<RecognitionBudgets>();
            return (await budgets.GetOrCreateAsync(fixture.ManagerId, quarter, "test", default)).Id;
        })));

        Assert.Single(ids.Distinct());
        var row = await fixture.WithDbAsync(db => db.RecognitionBudgets.AsNoTracking().SingleAsync(b => b.ManagerId == fixture.ManagerId && b.Year == 2099 && b.Quarter == 2));
        Assert.Equal((500, 0), (row.Points, row.Spent));
        Assert.Equal(1, await fixture.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "budget.created" && e.Details!.StartsWith("2099-Q2"))));
    }
}

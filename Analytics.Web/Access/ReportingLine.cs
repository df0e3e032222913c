using Analytics.Domain.Persistence;
using Analytics.Jobs.Recognition;

namespace Analytics.Web.Access;

/// <summary>Who reports to a manager, directly or indirectly, on a given day (the org chart of that day).</summary>
public sealed class ReportingLine(AnalyticsDbContext db)
{
    public async Task<IReadOnlySet<int>> MembersAsync(int managerId, DateOnly day, CancellationToken ct) =>
        (await ReportingTree.LoadAsync(db, day, ct)).MembersOf(managerId);
}

using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Access;

/// <summary>Who reports to a manager, directly or indirectly, on a given day (the org chart of that day).</summary>
public sealed class ReportingLine(AnalyticsDbContext db)
{
    public async Task<IReadOnlySet<int>> MembersAsync(int managerId, DateOnly day, CancellationToken ct)
    {
        var edges = await db.OrgAssignments
            .Where(a => a.ManagerId != null && a.ValidFrom <= day && (a.ValidTo == null || a.ValidTo > day))
            .Select(a => new { a.EmployeeId, Manager = a.ManagerId!.Value })
            .ToListAsync(ct);
        var reports = edges.ToLookup(e => e.Manager, e => e.EmployeeId);

        var members = new HashSet<int>();
        var queue = new Queue<int>([managerId]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var report in reports[current])
            {
                // The visited check also stops at a cycle in bad HR data instead of looping.
                if (report != managerId && members.Add(report))
                    queue.Enqueue(report);
            }
        }

        return members;
    }
}

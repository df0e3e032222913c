using Analytics.Domain.Organisation;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Recognition;

/// <summary>The org chart of one day as manager → direct reports, to walk anyone's reporting line without another query.</summary>
public sealed class ReportingTree
{
    private readonly ILookup<int, int> _reports;

    private ReportingTree(ILookup<int, int> reports) => _reports = reports;

    /// <summary>Everyone who manages someone on <see cref="LoadAsync"/>'s day.</summary>
    public IEnumerable<int> Managers => _reports.Select(g => g.Key);

    public static async Task<ReportingTree> LoadAsync(AnalyticsDbContext db, DateOnly day, CancellationToken ct)
    {
        var edges = await db.OrgAssignments.AsNoTracking()
            .InForceOn(day).Where(a => a.ManagerId != null)
            .Select(a => new { a.EmployeeId, Manager = a.ManagerId!.Value })
            .ToListAsync(ct);
        return new ReportingTree(edges.ToLookup(e => e.Manager, e => e.EmployeeId));
    }

    /// <summary>Who reports to <paramref name="managerId"/>, directly or indirectly; never the manager.</summary>
    public IReadOnlySet<int> MembersOf(int managerId)
    {
        var members = new HashSet<int>();
        var queue = new Queue<int>([managerId]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var report in _reports[current])
            {
                // The visited check also stops at a cycle in bad HR data instead of looping.
                if (report != managerId && members.Add(report))
                    queue.Enqueue(report);
            }
        }

        return members;
    }
}

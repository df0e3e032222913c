using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Web.Access;

namespace Analytics.Web.Exports;

/// <summary>Who exported what, with which filters: exports carry individual data (product.md, "Privacy and trust").</summary>
public sealed class ExportAudit(AnalyticsDbContext db, CurrentViewer viewer, TimeProvider clock)
{
    public async Task RecordAsync(string action, string details, string? subject, CancellationToken ct)
    {
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = viewer.Name, Action = action, Subject = subject, Details = details });
        await db.SaveChangesAsync(ct);
    }
}

using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Persistence;
using Analytics.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Pages.Reports;

[Authorize(Policy = Policies.ViewReports)]
public sealed class DownloadModel(AnalyticsDbContext db, CurrentViewer viewer, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var report = await db.StoredReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
            return NotFound();
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = viewer.Name,
            Action = "report.downloaded",
            Subject = string.Create(CultureInfo.InvariantCulture, $"StoredReport:{report.Id}"),
            Details = string.Create(CultureInfo.InvariantCulture, $"{report.Kind} {report.Period} v{report.Version}"),
        });
        await db.SaveChangesAsync(ct);
        return File(report.Content, report.ContentType, report.FileName);
    }
}

using Analytics.Domain.Metrics;
using Analytics.Jobs.Demo;
using Analytics.Jobs.Reports.Monthly;
using Analytics.Web.Access;
using Analytics.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Analytics.Web.Pages.Reports;

[Authorize(Policy = Policies.ViewReports)]
public sealed class IndexModel(MonthlyReportArchive archive, CurrentViewer viewer, DemoPreparation demo) : PageModel, IFormPage
{
    public IReadOnlyList<StoredReportInfo> Reports { get; private set; } = [];
    public bool CanRegenerate => viewer.IsHR;
    public string LastMonth { get; private set; } = "";

    /// <summary>The raw export form's default range: the last full month, as ISO dates.</summary>
    public string LastMonthFrom { get; private set; } = "";
    public string LastMonthTo { get; private set; } = "";

    [TempData] public string? Message { get; set; }

    /// <summary>No report of the last full month is stored yet: the page offers one built on demand.</summary>
    public bool LastMonthMissing { get; private set; }

    /// <summary>The demo's months whose reports are being generated after start (ADR 2021), as labels; empty otherwise.</summary>
    public IReadOnlyList<string> DemoPending { get; private set; } = [];

    /// <summary>The demo's background generation stopped without finishing: the reason, said on the page.</summary>
    public string? DemoFailure { get; private set; }

    public Task ShowAsync(CancellationToken ct) => OnGetAsync(ct);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Reports = await archive.ListAsync(ct);
        var lastMonth = archive.LastEndedMonth();
        LastMonth = lastMonth.Label;
        LastMonthFrom = lastMonth.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        LastMonthTo = lastMonth.To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        DemoFailure = demo.Failure;
        // A month stored meanwhile is listed already; the rest are still being generated.
        DemoPending = [.. demo.PendingMonths.Select(m => ReportingPeriod.Month(m.Year, m.Month).Label)
            .Where(label => !Reports.Any(r => r.Kind == MonthlyReportArchive.Kind && r.Period == label))];
        LastMonthMissing = !Reports.Any(r => r.Kind == MonthlyReportArchive.Kind && r.Period == LastMonth) && !DemoPending.Contains(LastMonth);
    }

    /// <summary>
    /// The last full month's report: its latest stored version once there is one (audited as a download), before that
    /// built for this download (provisional while the month is open), audited and never stored.
    /// </summary>
    public async Task<IActionResult> OnGetLastMonthAsync(CancellationToken ct)
    {
        var report = await archive.LastMonthAsync(viewer.Name, ct);
        return File(report.Content, report.ContentType, report.FileName);
    }

    /// <summary>HR only: a new version of a month's report (e.g. after a recompute); audited by the archive.</summary>
    public async Task<IActionResult> OnPostRegenerateAsync(string? period, CancellationToken ct)
    {
        if (!viewer.IsHR)
            return Forbid();
        if (!ReportingPeriod.TryParse(period, out var parsed) || parsed.From.Day != 1 || parsed.To != parsed.From.AddMonths(1).AddDays(-1))
        {
            Message = "Choose a month, e.g. 2026-10.";
            return RedirectToPage();
        }

        var report = await archive.GenerateAsync(parsed, viewer.Name, ct);
        Message = $"Generated {report.FileName}.";
        return RedirectToPage();
    }
}

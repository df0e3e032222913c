using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Reports;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Reports.Monthly;

public sealed record StoredReportInfo(long Id, string Kind, string Period, int Version, DateTimeOffset GeneratedAt, string? GeneratedBy, string FileName, long SizeBytes);

/// <summary>
/// Generates and keeps monthly reports. Each generation is a new <see cref="StoredReport"/> with the next
/// version for (monthly, period); older versions stay downloadable.
/// </summary>
public sealed class MonthlyReportArchive(AnalyticsDbContext db, MonthlyReportBuilder builder, TimeProvider clock, IOptions<JobsOptions> jobs)
{
    public const string Kind = "monthly";

    /// <summary>
    /// The last full month in the organisation's calendar (Jobs:TimeZone, ADR 1506), the one month close and catch-up
    /// pick: on the evening of the 31st in New York it is still the month before, whatever the UTC date says.
    /// </summary>
    public ReportingPeriod LastEndedMonth()
    {
        var month = MonthCloseCalendar.LastEndedMonth(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(jobs.Value.TimeZone));
        return ReportingPeriod.Month(month.Year, month.Month);
    }

    public async Task<StoredReport> GenerateAsync(ReportingPeriod period, string generatedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var content = await builder.BuildAsync(period, now, ct);
        // Unique (Kind, Period, Version): a concurrent generation of the same month (two clicks, the job and a click)
        // takes the version first; this one then stores itself as the next version instead of failing.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreAsync(period, generatedBy, now, content, ct);
            }
            catch (DbUpdateException ex) when (DuplicateKey.Is(ex) && attempt < 10)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<StoredReport> StoreAsync(ReportingPeriod period, string generatedBy, DateTimeOffset now, byte[] content, CancellationToken ct)
    {
        var version = (await db.StoredReports.Where(r => r.Kind == Kind && r.Period == period.Label).MaxAsync(r => (int?)r.Version, ct) ?? 0) + 1;
        var report = new StoredReport
        {
            Kind = Kind,
            Period = period.Label,
            Version = version,
            GeneratedAt = now,
            GeneratedBy = generatedBy,
            FileName = MonthlyReportBuilder.FileName(period, version),
            ContentType = MonthlyReportBuilder.ContentType,
            Content = content,
            SizeBytes = content.LongLength,
        };
        db.StoredReports.Add(report);
        db.AuditEntries.Add(new Domain.Auditing.AuditEntry
        {
            At = now, Actor = generatedBy, Action = "report.generated",
            Subject = $"StoredReport:{Kind}:{period.Label}:v{version}",
        });
        await db.SaveChangesAsync(ct);
        return report;
    }

    /// <summary>
    /// The last full month's report for someone who needs it now (leadership on the 1st, or any day of a setup whose
    /// months were never closed). Its latest stored version when there is one; otherwise built on demand, not stored,
    /// marked provisional when the month is not closed. Audited either way.
    /// </summary>
    public async Task<MonthlyReportFile> LastMonthAsync(string requestedBy, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var period = LastEndedMonth();
        var stored = await db.StoredReports.AsNoTracking().Where(r => r.Kind == Kind && r.Period == period.Label)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (stored is not null)
        {
            Audit(now, requestedBy, "report.downloaded", $"StoredReport:{stored.Id}", $"{stored.Kind} {stored.Period} v{stored.Version}");
            await db.SaveChangesAsync(ct);
            return new MonthlyReportFile(period, Provisional: false, stored.FileName, stored.ContentType, stored.Content);
        }

        var closed = await db.MonthCloses.AnyAsync(m => m.Month == period.From, ct);
        var content = await builder.BuildAsync(period, now, ct, provisional: !closed);
        Audit(now, requestedBy, "report.built-on-demand", $"Report:{Kind}:{period.Label}",
            closed ? "month closed, report not stored yet" : "provisional: month not closed");
        await db.SaveChangesAsync(ct);
        return new MonthlyReportFile(period, !closed,
            closed ? $"monthly-report-{period.Label}.xlsx" : MonthlyReportBuilder.ProvisionalFileName(period), MonthlyReportBuilder.ContentType, content);
    }

    private void Audit(DateTimeOffset at, string actor, string action, string subject, string details) =>
        db.AuditEntries.Add(new Domain.Auditing.AuditEntry { At = at, Actor = actor, Action = action, Subject = subject, Details = details });

    /// <summary>Newest first, without the content.</summary>
    public async Task<IReadOnlyList<StoredReportInfo>> ListAsync(CancellationToken ct) =>
        (await db.StoredReports.AsNoTracking()
            .Select(r => new StoredReportInfo(r.Id, r.Kind, r.Period, r.Version, r.GeneratedAt, r.GeneratedBy, r.FileName, r.SizeBytes))
            .ToListAsync(ct))
        .OrderByDescending(r => r.Period, StringComparer.Ordinal).ThenByDescending(r => r.Version).ToList();

    public Task<bool> IsClosedAsync(ReportingPeriod period, CancellationToken ct) =>
        db.MonthCloses.AsNoTracking().AnyAsync(m => m.Month == period.From, ct);

    /// <summary>
    /// The scheduled job's rule: a month's report is current when its latest version was generated after the
    /// month was closed, no recompute was recorded since, and no day of the month waits for re-aggregation.
    /// </summary>
    public async Task<bool> IsCurrentAsync(ReportingPeriod period, CancellationToken ct)
    {
        var latest = (await db.StoredReports.AsNoTracking().Where(r => r.Kind == Kind && r.Period == period.Label)
            .Select(r => new { r.Version, r.GeneratedAt }).ToListAsync(ct)).MaxBy(r => r.Version);
        if (latest is null)
            return false;
        var close = (await db.MonthCloses.AsNoTracking().Where(m => m.Month == period.From).Select(m => m.ClosedAt).ToListAsync(ct))
            .Cast<DateTimeOffset?>().FirstOrDefault();
        if (close is null || latest.GeneratedAt < close)
            return false;
        if (await db.DirtyDays.AnyAsync(d => d.Day >= period.From && d.Day <= period.To, ct))
            return false;
        // DateTimeOffset comparisons do not translate on SQLite: filter the (few) recompute entries in memory.
        var recomputes = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "aggregation.recomputed").Select(a => a.At).ToListAsync(ct);
        return !recomputes.Any(at => at > latest.GeneratedAt);
    }
}

/// <summary>A monthly report to download: a stored version, or one built for this download.</summary>
public sealed record MonthlyReportFile(ReportingPeriod Period, bool Provisional, string FileName, string ContentType, byte[] Content);

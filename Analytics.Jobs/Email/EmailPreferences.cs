using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Email;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Email;

/// <summary>A person's choice of digests: the ones turned off are on their employee record, changed by them only and audited.</summary>
public sealed class EmailPreferences(AnalyticsDbContext db, TimeProvider clock)
{
    public static readonly IReadOnlyList<EmailDigest> All = [EmailDigest.MonthlyBudget, EmailDigest.AwardApproved, EmailDigest.ReportStored];

    public static string Describe(EmailDigest digest) => digest switch
    {
        EmailDigest.MonthlyBudget => "Monthly recognition digest (managers and budget holders): budget left and whom you might recognise",
        EmailDigest.AwardApproved => "When an award to you is approved",
        EmailDigest.ReportStored => "When the monthly report is ready (Leadership and HR)",
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "not a single digest"),
    };

    public Task<EmailDigest?> OptOutAsync(int employeeId, CancellationToken ct) =>
        db.Employees.AsNoTracking().Where(e => e.Id == employeeId).Select(e => (EmailDigest?)e.EmailOptOut).FirstOrDefaultAsync(ct);

    /// <returns>False when the employee does not exist.</returns>
    public async Task<bool> SetOptOutAsync(int employeeId, EmailDigest off, string actor, CancellationToken ct)
    {
        off &= EmailDigest.MonthlyBudget | EmailDigest.AwardApproved | EmailDigest.ReportStored;
        var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct);
        if (employee is null)
            return false;
        if (employee.EmailOptOut == off)
            return true;
        var before = employee.EmailOptOut;
        employee.EmailOptOut = off;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Action = "email.preferences",
            Subject = string.Create(CultureInfo.InvariantCulture, $"Employee:{employeeId}"),
            Details = $"off: {before} -> {off}",
        });
        await db.SaveChangesAsync(ct);
        return true;
    }
}

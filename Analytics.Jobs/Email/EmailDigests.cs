using System.Globalization;
using Analytics.Domain.Email;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Jobs.Recognition;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Analytics.Jobs.Email;

/// <summary>The producers of the three digests (issue 18 part 4): each renders its messages and puts them in the outbox.</summary>
public sealed class EmailDigests(AnalyticsDbContext db, EmailOutbox outbox, DigestMessages messages, LineSuggestions suggestions,
    IOptions<RecognitionOptions> recognition, TimeProvider clock, ILogger<EmailDigests> logger)
{
    /// <summary>The role names of the accounts told about a stored report (Analytics.Web's Roles, which this project cannot see).</summary>
    public static readonly IReadOnlyList<string> ReportRoles = ["Leadership", "HR"];

    /// <summary>
    /// Each manager and budget holder of today: their budget left this quarter and the suggestions of the last full month
    /// for their line (<see cref="LineSuggestions"/>, as on the award page), leaving out anyone in the line who opted out
    /// of leaderboards or has left: a message leaves the dashboard, where those rules could no longer be applied.
    /// </summary>
    public async Task<int> MonthlyBudgetAsync(CancellationToken ct)
    {
        if (!outbox.Enabled)
            return 0;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var quarter = Quarter.Of(now);
        var monthKey = today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var monthLabel = today.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var tree = await ReportingTree.LoadAsync(db, today, ct);
        var budgets = await db.RecognitionBudgets.AsNoTracking().Where(b => b.Year == quarter.Year && b.Quarter == quarter.Number)
            .ToDictionaryAsync(b => b.ManagerId, ct);
        var holders = tree.Managers.Union(budgets.Keys).ToHashSet();
        var employees = await db.Employees.AsNoTracking()
            .Select(e => new { e.Id, e.DisplayName, e.LeaderboardOptOut, e.LeaveDate })
            .ToDictionaryAsync(e => e.Id, ct);
        var period = LineSuggestions.MonthBefore(now);
        var month = await suggestions.MonthAsync(period, ct);

        var drafts = new List<OutboxMessage>();
        foreach (var holder in holders.Where(id => employees.TryGetValue(id, out var e) && (e.LeaveDate is null || e.LeaveDate >= today)).Order())
        {
            var line = tree.MembersOf(holder)
                .Where(id => employees.TryGetValue(id, out var e) && !e.LeaderboardOptOut && (e.LeaveDate is null || e.LeaveDate >= today))
                .ToHashSet();
            var (points, spent) = budgets.TryGetValue(holder, out var b) ? (b.Points, b.Spent) : (recognition.Value.DefaultQuarterBudget, 0);
            var view = await suggestions.ForLineAsync(line, period, month, ct);
            drafts.Add(outbox.Draft(EmailDigest.MonthlyBudget, holder, monthKey,
                messages.MonthlyBudget(employees[holder].DisplayName, monthLabel, quarter, points - spent, points, view)));
        }

        var added = await outbox.EnqueueAsync(drafts, ct);
        logger.LogInformation("Monthly recognition digest {Month}: {Added} messages added for {Holders} managers and budget holders", monthKey, added, drafts.Count);
        if (added > 0)
            outbox.TriggerSend();
        return added;
    }

    /// <summary>
    /// The awardee's message about an approved award, tracked in the caller's unit of work so that it commits with the
    /// approval (the caller triggers the send after its commit). Nothing when e-mail is off.
    /// </summary>
    public async Task AddAwardApprovedAsync(long awardId, CancellationToken ct)
    {
        if (!outbox.Enabled)
            return;
        var award = await db.RecognitionAwards.AsNoTracking().Where(a => a.Id == awardId && a.Status == AwardStatus.Approved)
            .Select(a => new { a.RecipientId, Recipient = a.Recipient!.DisplayName, Giver = a.Giver!.DisplayName, a.Category, a.Message })
            .SingleAsync(ct);
        await outbox.AddAsync(outbox.Draft(EmailDigest.AwardApproved, award.RecipientId, AwardKey(awardId),
            messages.AwardApproved(award.Recipient, award.Giver, award.Category, award.Message)), ct);
    }

    public static string AwardKey(long awardId) => string.Create(CultureInfo.InvariantCulture, $"award-{awardId}");

    /// <summary>Leadership and HR accounts linked to an employee: a link to Reports when a month's report is stored.</summary>
    public async Task<int> ReportStoredAsync(ReportingPeriod period, CancellationToken ct)
    {
        if (!outbox.Enabled)
            return 0;
        var roles = ReportRoles.ToList();
        var accounts = await (from user in db.Users
                              join userRole in db.UserRoles on user.Id equals userRole.UserId
                              join role in db.Roles on userRole.RoleId equals role.Id
                              where roles.Contains(role.Name!)
                              select new { user.Id, user.EmployeeId }).Distinct().ToListAsync(ct);
        var recipients = accounts.Where(a => a.EmployeeId != null).Select(a => a.EmployeeId!.Value).Distinct().ToList();
        var names = await db.Employees.AsNoTracking().Where(e => recipients.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.DisplayName, ct);
        var drafts = names.OrderBy(n => n.Key)
            .Select(n => outbox.Draft(EmailDigest.ReportStored, n.Key, period.Label, messages.ReportStored(n.Value, period.Label)))
            .ToList();
        var added = await outbox.EnqueueAsync(drafts, ct);
        var unlinked = accounts.Select(a => a.Id).Distinct().Count() - accounts.Where(a => a.EmployeeId != null).Select(a => a.Id).Distinct().Count();
        logger.LogInformation("Report notice {Period}: {Added} messages added; {Unlinked} Leadership or HR accounts skipped (not linked to an employee, so no address)",
            period.Label, added, unlinked);
        if (added > 0)
            outbox.TriggerSend();
        return added;
    }
}

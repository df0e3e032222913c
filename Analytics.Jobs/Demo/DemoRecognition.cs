using Analytics.Domain.Organisation;
using System.Globalization;
using Analytics.Domain.Auditing;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Jobs.Demo;

/// <summary>
/// Recognition in the demo organisation (issue 18, part 5): over the last months every manager (the chief executive
/// included, who awards the heads of department, ADR 1811) gives some of their direct reports an award with a message
/// and a contribution of the month as evidence, from a quarterly budget left partly spent; a few larger awards went
/// through HR, and this month's largest wait for HR. Written as the award desk writes them: budget rows whose Spent is
/// the sum of approved and pending points, and the audit entries of each step.
/// </summary>
public sealed class DemoRecognition(AnalyticsDbContext db, TimeProvider clock)
{
    // The defaults of the Recognition options (Analytics.Web): the demo stays valid under them.
    public const int QuarterBudget = 500;
    public const int ApprovalThreshold = 100;
    private const int MonthsBack = 6;

    private static readonly Dictionary<RecognitionCategory, string[]> Messages = new()
    {
        [RecognitionCategory.Sharing] = ["Thank you for writing down how the release works: three teams use it now.", "Your answers saved the new joiners days."],
        [RecognitionCategory.Reflection] = ["The debrief after the outage was honest and useful; the lessons are already in the runbook.", "Great project review: clear on what we would do differently."],
        [RecognitionCategory.LearningCommunity] = ["You keep the community of practice going, and other departments join because of it.", "Thanks for connecting our team with the data people."],
        [RecognitionCategory.Mentoring] = ["Your mentoring made the difference for two juniors this quarter.", "Patient pairing sessions, every week."],
        [RecognitionCategory.LifelongLearning] = ["Finished the course and shared the notes with everyone.", "You learn in the open, and the team learns with you."],
    };

    /// <summary>Writes the awards of the last months (at most <paramref name="months"/> back, the demo's window) and returns how many.</summary>
    public async Task<int> WriteAsync(int seed, int months, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var random = new Random(seed + 18);
        var reports = await db.OrgAssignments.AsNoTracking()
            .InForceOn(today).Where(a => a.ManagerId != null)
            .Select(a => new { a.EmployeeId, Manager = a.ManagerId!.Value })
            .ToListAsync(ct);
        var lines = reports.GroupBy(r => r.Manager).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Select(r => r.EmployeeId).Order().ToList());
        var accounts = (await db.SourceAccounts.AsNoTracking().Where(a => a.Person!.EmployeeId != null)
                .Select(a => new { a.Id, Employee = a.Person!.EmployeeId!.Value }).ToListAsync(ct))
            .ToLookup(a => a.Employee, a => a.Id);
        var contributions = ActivityTypes.All.Where(t => t.IsContribution()).ToList();
        var categories = Enum.GetValues<RecognitionCategory>();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var budgets = new Dictionary<(int Manager, int Year, int Quarter), RecognitionBudget>();
        var audit = new List<AuditEntry>();
        var awards = new List<RecognitionAward>();

        foreach (var (manager, line) in lines)
        {
            var pendingGiven = false;
            for (var back = Math.Min(MonthsBack, months); back >= 0; back--)
            {
                var month = thisMonth.AddMonths(-back);
                if (random.NextDouble() > 0.55)
                    continue;
                var recipient = line[random.Next(line.Count)];
                var days = back == 0 ? Math.Max(1, today.Day - 1) : DateTime.DaysInMonth(month.Year, month.Month);
                var created = new DateTimeOffset(month.ToDateTime(new TimeOnly(9 + random.Next(8), random.Next(60))), TimeSpan.Zero).AddDays(random.Next(days));
                if (created > now)
                    created = now.AddHours(-1);
                var category = categories[random.Next(categories.Length)];
                var large = random.NextDouble() < 0.15 || (back == 0 && !pendingGiven && awards.Count(a => a.Status == AwardStatus.PendingApproval) < 3);
                var points = large ? 120 + (10 * random.Next(4)) : 10 + (5 * random.Next(13));
                var status = !large ? AwardStatus.Approved : back == 0 ? AwardStatus.PendingApproval : AwardStatus.Approved;
                var message = () => Messages[category][random.Next(Messages[category].Length)];
                if (await AwardAsync(manager, recipient, month, created, category, message, points, status) is not null)
                    pendingGiven |= status == AwardStatus.PendingApproval;
            }
        }

        // The people behind the demo sign-ins each have an approved award of their own, whatever the draw above gave
        // them, so "My recognition", their profile and the feed show what an awardee sees (issue 18). The chief
        // executive has no manager to award them.
        foreach (var position in DemoCast.All)
        {
            if (await DemoCast.FindAsync(db, position, today, ct) is not { } person
                || awards.Any(a => a.RecipientId == person && a.Status == AwardStatus.Approved)
                || lines.FirstOrDefault(l => l.Value.Contains(person)) is not { Value: not null } line)
                continue;
            for (var back = 1; back <= Math.Min(MonthsBack, months); back++)
            {
                var month = thisMonth.AddMonths(-back);
                var created = new DateTimeOffset(month.ToDateTime(new TimeOnly(10, 30)), TimeSpan.Zero).AddDays(14);
                var message = () => Messages[RecognitionCategory.Sharing][0];
                if (await AwardAsync(line.Key, person, month, created, RecognitionCategory.Sharing, message, 40, AwardStatus.Approved) is not null)
                    break;
            }
        }

        // An award from the manager's quarterly budget, with the recipient's latest contribution of the month as evidence;
        // null (nothing written, the message not drawn) when the budget has no room left for it.
        async Task<RecognitionAward?> AwardAsync(
            int manager, int recipient, DateOnly month, DateTimeOffset created, RecognitionCategory category, Func<string> message, int points, AwardStatus status)
        {
            var quarter = ((month.Month - 1) / 3) + 1;
            if (!budgets.TryGetValue((manager, month.Year, quarter), out var budget))
            {
                budget = new RecognitionBudget { ManagerId = manager, Year = month.Year, Quarter = quarter, Points = QuarterBudget };
                budgets[(manager, month.Year, quarter)] = budget;
                audit.Add(Audit(created, "demo", "budget.created", manager, $"{month.Year}-Q{quarter} points={QuarterBudget} (default)"));
            }

            // At most one award a month below the budget: a quarter never spends more than three of them.
            if (budget.Spent + points > QuarterBudget)
                return null;
            var large = points > ApprovalThreshold;
            var award = new RecognitionAward
            {
                GiverId = manager,
                RecipientId = recipient,
                Budget = budget,
                Category = category,
                Message = message(),
                Points = points,
                Status = status,
                CreatedAt = created,
                DecidedBy = large && status == AwardStatus.Approved ? "hr" : null,
                DecidedAt = large && status == AwardStatus.Approved ? Min(created.AddDays(1), now) : null,
            };
            var ids = accounts[recipient].ToList();
            var (from, to) = (month.ToDateTime(TimeOnly.MinValue), month.AddMonths(1).ToDateTime(TimeOnly.MinValue));
            var evidence = ids.Count == 0 ? null : await db.Activities.AsNoTracking().Include(a => a.SourceSystem).Include(a => a.Item)
                .Where(a => a.ActorAccountId != null && ids.Contains(a.ActorAccountId.Value) && contributions.Contains(a.Type) && a.OccurredAt >= from && a.OccurredAt < to && a.ItemId != null)
                .OrderByDescending(a => a.OccurredAt).FirstOrDefaultAsync(ct);
            if (evidence is not null)
                award.Evidence.Add(AwardEvidence.Of(evidence));
            budget.Spent += points;
            awards.Add(award);
            return award;
        }

        db.RecognitionBudgets.AddRange(budgets.Values);
        db.RecognitionAwards.AddRange(awards);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        foreach (var award in awards)
        {
            audit.Add(Audit(award.CreatedAt, "demo", "award.created", award.RecipientId, string.Create(CultureInfo.InvariantCulture,
                $"award={award.Id} points={award.Points} category={award.Category} status={(award.DecidedAt is null ? award.Status : AwardStatus.PendingApproval)} budget={award.Budget!.Year}-Q{award.Budget.Quarter} evidence={award.Evidence.Count}")));
            if (award.DecidedAt is { } decided)
                audit.Add(Audit(decided, "hr", "award.approved", award.RecipientId, string.Create(CultureInfo.InvariantCulture, $"award={award.Id} points={award.Points}")));
        }

        db.AuditEntries.AddRange(audit);
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return awards.Count;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static AuditEntry Audit(DateTimeOffset at, string actor, string action, int employeeId, string details) => new()
    {
        At = at,
        Actor = actor,
        Action = action,
        Subject = string.Create(CultureInfo.InvariantCulture, $"Employee:{employeeId}"),
        Details = details,
    };
}

using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Analytics.Web.Access;
using Analytics.Web.Sources;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Recognition;

/// <summary>One approved award as the feed shows it: no points, which stay with the person, their chain and HR.</summary>
public sealed record FeedEntry(
    long Id, DateTimeOffset At, int RecipientId, string Recipient, string? Department, string Giver,
    RecognitionCategory Category, string Message, IReadOnlyList<EvidenceRow> Evidence, bool IsMine);

public sealed record FeedView(IReadOnlyList<FeedEntry> Entries, Paging Paging, RecognitionCategory? Category, string? DepartmentCode,
    IReadOnlyList<(string Code, string Name, int Depth)> Departments)
{
    public static FeedView Empty { get; } = new([], new Paging(1, RecognitionFeed.PageSize, 0), null, null, []);
}

/// <summary>
/// The recognition feed every signed-in employee reads (issue 18): approved awards, newest decision first, filtered by
/// category and by the recipient's department today (a subtree). Left out: awards the awardee hid (audited) and awards
/// of people who opted out of leaderboards, since product.md lets them keep out of what colleagues see ranked or
/// celebrated; they still see their awards on their own profile and on "My recognition" (ADR 1812).
/// </summary>
public sealed class RecognitionFeed(AnalyticsDbContext db, CurrentViewer viewer, RecognitionBudgets budgets, TimeProvider clock)
{
    public const int PageSize = 20;

    /// <summary>The category codes the URL takes, in the categories' order.</summary>
    public static IReadOnlyList<(string Code, RecognitionCategory Category)> CategoryCodes { get; } =
        Enum.GetValues<RecognitionCategory>().Select(c => (Code(c), c)).ToList();

    public static string Code(RecognitionCategory category) => category switch
    {
        RecognitionCategory.LearningCommunity => "learning-community",
        RecognitionCategory.LifelongLearning => "lifelong-learning",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static bool TryCategory(string? text, out RecognitionCategory? category, out string? error)
    {
        (category, error) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
            return true;
        var match = CategoryCodes.FirstOrDefault(c => string.Equals(c.Code, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match.Code is not null)
        {
            category = match.Category;
            return true;
        }

        error = $"'{text}' is not a category: use one of {string.Join(", ", CategoryCodes.Select(c => c.Code))}.";
        return false;
    }

    public async Task<(FeedView View, string? Error)> RunAsync(RecognitionCategory? category, string? departmentCode, int pageNumber, CancellationToken ct)
    {
        var departments = (await db.Departments.AsNoTracking().OrderBy(d => d.Path).Select(d => new { d.Code, d.Name, d.Depth, d.Path }).ToListAsync(ct));
        var tree = departments.Select(d => (d.Code, d.Name, d.Depth)).ToList();
        string? path = null;
        if (!string.IsNullOrWhiteSpace(departmentCode))
        {
            var department = departments.FirstOrDefault(d => string.Equals(d.Code, departmentCode.Trim(), StringComparison.OrdinalIgnoreCase));
            if (department is null)
                return (FeedView.Empty with { Departments = tree }, $"No department with code '{departmentCode}'.");
            (path, departmentCode) = (department.Path, department.Code);
        }

        if (pageNumber < 1)
            return (FeedView.Empty with { Departments = tree }, "The page number starts at 1.");

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var awards = db.RecognitionAwards.AsNoTracking()
            .Where(a => a.Status == AwardStatus.Approved && a.HiddenFromFeedAt == null && !a.Recipient!.LeaderboardOptOut);
        if (category is { } c)
            awards = awards.Where(a => a.Category == c);
        if (path is not null)
        {
            awards = awards.Where(a => db.OrgAssignments.Any(o => o.EmployeeId == a.RecipientId && o.ValidFrom <= today
                && (o.ValidTo == null || o.ValidTo > today) && o.Department!.Path.StartsWith(path)));
        }

        var total = await awards.CountAsync(ct);
        var paging = new Paging(pageNumber, PageSize, total);
        if (pageNumber > paging.Pages)
            return (FeedView.Empty with { Departments = tree, Paging = paging }, string.Create(CultureInfo.InvariantCulture, $"The feed has {paging.Pages} page(s)."));

        var me = viewer.EmployeeId;
        var rows = await awards
            .OrderByDescending(a => a.DecidedAt ?? a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(paging.Skip).Take(PageSize)
            .Select(a => new
            {
                a.Id,
                At = a.DecidedAt ?? a.CreatedAt,
                a.RecipientId,
                Recipient = a.Recipient!.DisplayName,
                Department = db.OrgAssignments.Where(o => o.EmployeeId == a.RecipientId && o.ValidFrom <= today && (o.ValidTo == null || o.ValidTo > today))
                    .Select(o => o.Department!.Name).FirstOrDefault(),
                Giver = a.Giver!.DisplayName,
                a.Category,
                a.Message,
                Evidence = a.Evidence.OrderBy(e => e.OccurredAt).ThenBy(e => e.ActivityId)
                    .Select(e => new EvidenceRow(e.ActivityId, e.Type, e.OccurredAt, e.Source, e.ItemTitle, e.ItemUrl)).ToList(),
            })
            .ToListAsync(ct);
        var entries = rows.Select(r => new FeedEntry(r.Id, r.At, r.RecipientId, r.Recipient, r.Department, r.Giver, r.Category, r.Message,
            r.Evidence, r.RecipientId == me)).ToList();
        return (new FeedView(entries, paging, category, departmentCode, tree), null);
    }

    /// <summary>
    /// The awardee hides (or shows again) one of their approved awards in the feed. Only the recipient may; the change
    /// and its audit entry commit together. False when the award is not the viewer's approved award.
    /// </summary>
    public async Task<bool> SetHiddenAsync(long awardId, bool hidden, CancellationToken ct)
    {
        if (viewer.EmployeeId is not { } me)
            return false;
        var at = hidden ? clock.GetUtcNow() : (DateTimeOffset?)null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.RecognitionAwards
            .Where(a => a.Id == awardId && a.RecipientId == me && a.Status == AwardStatus.Approved && (a.HiddenFromFeedAt == null) == hidden)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.HiddenFromFeedAt, at), ct);
        if (changed != 1)
        {
            await tx.RollbackAsync(ct);
            // Already in the asked state is success for the awardee; someone else's award or a pending one is not.
            return await db.RecognitionAwards.AnyAsync(a => a.Id == awardId && a.RecipientId == me && a.Status == AwardStatus.Approved, ct);
        }

        db.AuditEntries.Add(budgets.Audit(viewer.Name, hidden ? "award.hidden" : "award.shown", me,
            string.Create(CultureInfo.InvariantCulture, $"award={awardId}")));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

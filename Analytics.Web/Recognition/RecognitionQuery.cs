using Analytics.Domain.Knowledge;
using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Domain.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.Recognition;

public sealed record AwardRow(
    long Id, DateTimeOffset CreatedAt, int GiverId, string Giver, int RecipientId, string Recipient,
    RecognitionCategory Category, string Message, int Points, AwardStatus Status,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, IReadOnlyList<EvidenceRow> Evidence)
{
    /// <summary>When the awardee hid it from the recognition feed; null while the feed shows it.</summary>
    public DateTimeOffset? HiddenFromFeedAt { get; init; }

    /// <summary>When the award took effect: approved, or given when it needed no approval.</summary>
    public DateTimeOffset EffectiveAt => DecidedAt ?? CreatedAt;
}

/// <summary>A contribution an award links to, from the award's own snapshot (the raw activity may be purged).</summary>
public sealed record EvidenceRow(long ActivityId, ActivityType Type, DateTime OccurredAt, string? Source, string? ItemTitle, string? ItemUrl)
{
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Type.Code()} {OccurredAt:yyyy-MM-dd}{(Source is null ? "" : $" ({Source})")}{(ItemTitle is null ? "" : $": {ItemTitle}")}");
}

/// <summary>
/// Read side of recognition for the leaderboard, profiles, the monthly report and the awards list.
/// Recognition points are approved award points: kept apart from activity points, never added to them here.
/// An approved award counts in the period in which it was approved (DecidedAt, UTC day), or given when it needed
/// no approval: the same rule as the monthly report, so a month already reported never gains points later.
/// </summary>
public sealed class RecognitionQuery(AnalyticsDbContext db)
{
    /// <summary>Approved recognition points per employee id, for awards approved (or given without approval) within the period.</summary>
    public async Task<IReadOnlyDictionary<int, int>> ApprovedPointsAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (from, to) = Bounds(period);
        return await db.RecognitionAwards.AsNoTracking()
            .Where(a => a.Status == AwardStatus.Approved && (a.DecidedAt ?? a.CreatedAt) >= from && (a.DecidedAt ?? a.CreatedAt) < to)
            .GroupBy(a => a.RecipientId)
            .Select(g => new { g.Key, Points = g.Sum(a => a.Points) })
            .ToDictionaryAsync(x => x.Key, x => x.Points, ct);
    }

    /// <summary>An employee's approved awards, newest first: what the awardee (and their profile) may show.</summary>
    public Task<List<AwardRow>> ApprovedForEmployeeAsync(int employeeId, CancellationToken ct) =>
        Rows(db.RecognitionAwards.Where(a => a.RecipientId == employeeId && a.Status == AwardStatus.Approved)).ToListAsync(ct);

    public Task<List<AwardRow>> PendingAsync(CancellationToken ct) =>
        Rows(db.RecognitionAwards.Where(a => a.Status == AwardStatus.PendingApproval)).ToListAsync(ct);

    public Task<List<AwardRow>> GivenByAsync(int giverId, int take, CancellationToken ct) =>
        Rows(db.RecognitionAwards.Where(a => a.GiverId == giverId)).Take(take).ToListAsync(ct);

    /// <summary>Every award given in the period, any status, for HR's awards list.</summary>
    public Task<List<AwardRow>> AllAsync(ReportingPeriod period, CancellationToken ct)
    {
        var (from, to) = Bounds(period);
        return Rows(db.RecognitionAwards.Where(a => a.CreatedAt >= from && a.CreatedAt < to)).ToListAsync(ct);
    }

    private static IQueryable<AwardRow> Rows(IQueryable<RecognitionAward> awards) =>
        awards.AsNoTracking()
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Select(a => new AwardRow(a.Id, a.CreatedAt, a.GiverId, a.Giver!.DisplayName, a.RecipientId, a.Recipient!.DisplayName,
                a.Category, a.Message, a.Points, a.Status, a.DecidedBy, a.DecidedAt, a.DecisionReason,
                a.Evidence.OrderBy(e => e.OccurredAt).ThenBy(e => e.ActivityId)
                    .Select(e => new EvidenceRow(e.ActivityId, e.Type, e.OccurredAt, e.Source, e.ItemTitle, e.ItemUrl)).ToList())
            { HiddenFromFeedAt = a.HiddenFromFeedAt });

    private static (DateTimeOffset From, DateTimeOffset To) Bounds(ReportingPeriod period) =>
        (new DateTimeOffset(period.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
         new DateTimeOffset(period.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
}

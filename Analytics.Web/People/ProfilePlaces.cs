using Analytics.Domain.Metrics;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Leaderboards;
using Analytics.Web.Access;
using Analytics.Web.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Web.People;

/// <summary>
/// Where a person stands: department and manager today (the last ones for a leaver), their rank by points in the
/// company leaderboard of the period (null when not ranked: the leaderboard leaves out opted-out people, leavers,
/// bots and unlinked accounts, and the profile says no more than the leaderboard), and whether the viewer may give
/// them an award (a manager whose line includes them).
/// </summary>
public sealed record ProfilePlace(string? Department, string? DepartmentCode, string? Manager, int? ManagerProfileId, int? Rank, int Ranked, bool CanAward)
{
    public static ProfilePlace None { get; } = new(null, null, null, null, null, 0, false);
}

/// <summary>Reads a <see cref="ProfilePlace"/>; the caller has checked the viewer may see the person.</summary>
public sealed class ProfilePlaces(AnalyticsDbContext db, CurrentViewer viewer, LeaderboardRunner leaderboard, TimeProvider clock)
{
    public async Task<ProfilePlace> ForAsync(PersonCard person, ReportingPeriod period, CancellationToken ct)
    {
        var (ranked, _) = await leaderboard.RunAsync(new LeaderboardFilter(period, LeaderboardMetric.Points), ct);
        var rows = ranked?.View.Rows ?? [];
        var rank = rows.FirstOrDefault(r => r.PersonId == person.PersonId)?.Rank;
        if (!person.IsLinkedEmployee)
            return ProfilePlace.None with { Rank = rank, Ranked = rows.Count };

        var employee = person.EmployeeId!.Value;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var place = await db.OrgAssignments.AsNoTracking()
            .Where(a => a.EmployeeId == employee && a.ValidFrom <= today)
            .OrderByDescending(a => a.ValidFrom).ThenByDescending(a => a.Id)
            .Select(a => new { Department = a.Department!.Name, a.Department.Code, a.ManagerId, Manager = a.Manager == null ? null : a.Manager.DisplayName })
            .FirstOrDefaultAsync(ct);
        // The manager's name is part of the org chart everyone knows; their profile is linked only where the viewer may open it.
        int? managerProfile = null;
        if (place?.ManagerId is { } manager && await viewer.CanSeeEmployeeAsync(manager, ct))
        {
            managerProfile = await db.Persons.AsNoTracking().Where(p => p.EmployeeId == manager && !p.IsBot)
                .OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        }

        var canAward = viewer.IsManager && viewer.EmployeeId != employee && (await viewer.LineAsync(ct)).Contains(employee);
        return new ProfilePlace(place?.Department, place?.Code, place?.Manager, managerProfile, rank, rows.Count, canAward);
    }
}

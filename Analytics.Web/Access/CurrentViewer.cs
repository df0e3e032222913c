using System.Globalization;
using System.Security.Claims;

namespace Analytics.Web.Access;

/// <summary>
/// The signed-in user as the authorization rules see them: roles, the employee they are, and whether
/// they may see one person's individual figures (self, their reporting line, HR).
/// </summary>
public sealed class CurrentViewer(IHttpContextAccessor accessor, ReportingLine reportingLine, TimeProvider clock)
{
    public const string EmployeeIdClaim = "analytics:employee_id";

    private IReadOnlySet<int>? _line;

    public ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();
    public string Name => User.Identity?.Name ?? "anonymous";
    public bool IsHR => User.IsInRole(Roles.HR);
    public bool IsManager => User.IsInRole(Roles.Manager);
    public bool IsLeadership => User.IsInRole(Roles.Leadership);

    /// <summary>
    /// Managers and leadership award recognition to their reporting line from their budget (ADR 1811): the chief
    /// executive manages the heads of department, who would otherwise have no one to recognise them. Awarding does
    /// not widen what leadership sees elsewhere: <see cref="LineAsync"/> stays the managers'.
    /// </summary>
    public bool CanAward => IsManager || IsLeadership;

    public int? EmployeeId =>
        int.TryParse(User.FindFirstValue(EmployeeIdClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    public async Task<bool> CanSeeEmployeeAsync(int employeeId, CancellationToken ct)
    {
        if (IsHR || EmployeeId == employeeId)
            return true;
        if (!IsManager || EmployeeId is null)
            return false;
        return (await LineAsync(ct)).Contains(employeeId);
    }

    /// <summary>Whom the viewer may award: their reporting line today when they may award at all, else no one.</summary>
    public async Task<IReadOnlySet<int>> AwardLineAsync(CancellationToken ct) =>
        IsManager ? await LineAsync(ct)
        : CanAward && EmployeeId is { } me ? await reportingLine.MembersAsync(me, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)
        : new HashSet<int>();

    /// <summary>The viewer's reporting line today, whose individual figures they may see; empty for non-managers.</summary>
    public async Task<IReadOnlySet<int>> LineAsync(CancellationToken ct)
    {
        if (_line is not null)
            return _line;
        _line = IsManager && EmployeeId is { } me
            ? await reportingLine.MembersAsync(me, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)
            : new HashSet<int>();
        return _line;
    }
}

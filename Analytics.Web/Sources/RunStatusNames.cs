using Analytics.Domain.Sources;

namespace Analytics.Web.Sources;

/// <summary>
/// The words an admin reads for a run's status, as <c>Recognition/DisplayNames</c> does for awards: pages never print an
/// enum's C# name, and a status added later fails loudly here instead of showing up as code.
/// </summary>
public static class RunStatusNames
{
    public static string Of(SyncRunStatus status) => status switch
    {
        SyncRunStatus.Running => "Running",
        SyncRunStatus.Succeeded => "Succeeded",
        SyncRunStatus.Failed => "Failed",
        SyncRunStatus.Cancelled => "Cancelled (stopped before the end)",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "a run status without a display name"),
    };
}

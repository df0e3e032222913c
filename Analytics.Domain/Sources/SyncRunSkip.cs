namespace Analytics.Domain.Sources;

/// <summary>
/// How many records of one run a connector read and deliberately did not import, for one reason (a redirect page, a
/// Slack join message, a merge commit): what turns an export's 10,000 rows into 8,000 activities, said per reason.
/// </summary>
public sealed class SyncRunSkip
{
    public long Id { get; set; }
    public long SyncRunId { get; set; }
    public SyncRun? SyncRun { get; set; }

    /// <summary>The connector's fixed wording of the reason, the same for every record it covers.</summary>
    public required string Reason { get; set; }

    public long Count { get; set; }
}

namespace Analytics.Domain.Sources;

/// <summary>A configured source of activity (one wiki, one Q&amp;A site, one Git repository) and its sync state.</summary>
public sealed class SourceSystem
{
    public int Id { get; set; }

    /// <summary>Unique name chosen by the admin, used on the command line (--source NAME).</summary>
    public required string Name { get; set; }

    /// <summary>Connector kind: hr-directory, activity-csv, activity-jsonl, stackexchange, git, slack, mediawiki, demo.</summary>
    public required string Kind { get; set; }

    /// <summary>Where the connector reads from: a path or an address.</summary>
    public string? Location { get; set; }

    /// <summary>Cron expression of the scheduled sync; null means manual only.</summary>
    public string? Schedule { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The connector's opaque watermark, advanced only after a batch is committed.</summary>
    public string? Cursor { get; set; }

    public DateTimeOffset? CursorUpdatedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SyncRun> Runs { get; set; } = [];
}

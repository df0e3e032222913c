namespace Analytics.Domain.Sources;

/// <summary>A source record that could not be imported, with where it was and why.</summary>
public sealed class Rejection
{
    public long Id { get; set; }
    public long SyncRunId { get; set; }
    public SyncRun? SyncRun { get; set; }

    /// <summary>File and line ("export.csv:42"), or record id ("Posts.xml row Id=17").</summary>
    public required string Location { get; set; }

    public required string Reason { get; set; }

    /// <summary>The start of the offending record, truncated, for the admin to recognise it.</summary>
    public string? Excerpt { get; set; }
}

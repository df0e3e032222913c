namespace Analytics.Domain.Sources;

public enum SyncRunStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>One run of a connector: what it read and what became of it.</summary>
public sealed class SyncRun
{
    public long Id { get; set; }
    public int SourceSystemId { get; set; }
    public SourceSystem? SourceSystem { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public SyncRunStatus Status { get; set; }

    /// <summary>What started it: "schedule", "cli", "web:user@example.com".</summary>
    public string? Trigger { get; set; }

    public long Read { get; set; }
    public long Inserted { get; set; }
    public long Duplicates { get; set; }
    public long Rejected { get; set; }

    /// <summary>Records read and deliberately not imported (not in <see cref="Read"/>); by reason in <see cref="Skips"/>.</summary>
    public long Skipped { get; set; }

    /// <summary>Activities removed because the source retracted them (xAPI voided statements).</summary>
    public long Removed { get; set; }

    /// <summary>Live sources: responses read, requests retried after a 5xx or timeout, rate-limit waits and their total seconds.</summary>
    public int PagesRead { get; set; }

    public int Retries { get; set; }
    public int RateLimitWaits { get; set; }
    public int RateLimitWaitSeconds { get; set; }
    public string? Error { get; set; }
    public List<Rejection> Rejections { get; set; } = [];
    public List<SyncRunSkip> Skips { get; set; } = [];
}

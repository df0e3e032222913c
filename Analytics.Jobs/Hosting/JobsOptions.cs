using System.ComponentModel.DataAnnotations;

namespace Analytics.Jobs.Hosting;

public enum JobStorageKind
{
    /// <summary>Embedded default: job history is lost on restart, analytics state is not (it lives in the analytics database).</summary>
    InMemory,

    /// <summary>Production and scale-out: several workers share the queue.</summary>
    SqlServer,
}

public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary>Hangfire's SQL Server connection string; defaults to the analytics database's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Run a Hangfire server inside the web app (the embedded default). Turn off when `analytics worker` processes run.</summary>
    public bool RunServerInWebApp { get; set; } = true;

    /// <summary>Every job server enqueues the month catch-up when it starts (ADR 1504); off only where a test needs a
    /// database that no background close or report touches.</summary>
    public bool CatchUpOnStart { get; set; } = true;

    [Range(1, 64)] public int WorkerCount { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a lock in the database (sync of a source, aggregation, month close, retention) outlives its holder's last
    /// renewal: a killed process's locks are free again after at most this long. Renewed every third of it (ADR 1503).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long aggregation, month close and retention wait for a lock another process holds before failing (and retrying as a job).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "06:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What one transaction of an aggregation in bulk (a full recompute, a backfill, a first start: ADR 2051) aims to hold
    /// the database's write lock for; its days are sized from the last transaction's time per day. Shorter lets other
    /// writers in sooner at the cost of more commits; zero recomputes one day per transaction.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan AggregationTransaction { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time zone of schedules and report periods (IANA or Windows id).</summary>
    [Required] public string TimeZone { get; set; } = "UTC";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new ValidationResult($"Jobs:TimeZone '{TimeZone}' is not a time zone of this machine (use an IANA id such as Europe/Berlin).", [nameof(TimeZone)]);
    }
}

namespace Analytics.Domain.Coordination;

/// <summary>
/// A named lock held by one process until <see cref="ExpiresAt"/>, renewed while held (ADR 1503). In the analytics
/// database, so it spans every web app, worker and command line process whatever the job storage; a process killed
/// while holding one stops renewing it and the lock is free again once it expires.
/// </summary>
public sealed class LockLease
{
    public const int NameLength = 100;
    public const int OwnerLength = 200;

    public string Name { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

namespace Analytics.Domain.Aggregation;

/// <summary>
/// A person whose figures an aggregation run changed and whose badges are not checked yet. Written in the same
/// transaction as the day's aggregates and removed once the badges are checked, so a run killed between its days
/// and its badge check leaves the check to the next run instead of losing it.
/// </summary>
public sealed class PendingBadgeCheck
{
    public int PersonId { get; set; }
}

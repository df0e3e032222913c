using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Aggregation;

/// <summary>
/// Reuse events of one day from one reuser to one author, per type. The pair cap of the scoring rules
/// ("at most N events from one reuser to one author per month") needs what a pair already used earlier
/// in the month; keeping it per day lets the aggregation recompute one day without re-reading the month.
/// </summary>
public sealed class DailyPairReuse
{
    public DateOnly Day { get; set; }
    public int ReuserPersonId { get; set; }
    public int AuthorPersonId { get; set; }
    public ActivityType Type { get; set; }
    public double Events { get; set; }
}

using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Aggregation;

/// <summary>
/// Activity of one person on one day and type, with the person's department on that day. For reuse
/// types the person is the one credited (the item's author); self-reuse is already left out.
/// </summary>
public sealed class DailyPersonMetric
{
    public DateOnly Day { get; set; }
    public int PersonId { get; set; }
    public ActivityType Type { get; set; }
    public int? DepartmentId { get; set; }

    /// <summary>Activity records.</summary>
    public int Count { get; set; }

    /// <summary>Sum of quantities: views stand for many, mentoring counts hours.</summary>
    public double Quantity { get; set; }

    /// <summary>Reuse received from people of another department that day.</summary>
    public double CrossTeam { get; set; }
}

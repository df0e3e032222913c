using Analytics.Domain.Knowledge;

namespace Analytics.Domain.Aggregation;

/// <summary>Reuse events of one day from the author's department to the reuser's: the knowledge-flow matrix.</summary>
public sealed class DailyFlow
{
    public DateOnly Day { get; set; }
    public int AuthorDepartmentId { get; set; }
    public int ReuserDepartmentId { get; set; }
    public ActivityType Type { get; set; }
    public double Events { get; set; }
}

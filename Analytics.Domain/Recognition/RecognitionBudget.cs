using Analytics.Domain.Organisation;

namespace Analytics.Domain.Recognition;

/// <summary>
/// A manager's points for one quarter. <see cref="Spent"/> only moves through a conditional update
/// and a check constraint keeps it within <see cref="Points"/>, so racing awards cannot overspend.
/// </summary>
public sealed class RecognitionBudget
{
    public int Id { get; set; }
    public int ManagerId { get; set; }
    public Employee? Manager { get; set; }
    public int Year { get; set; }

    /// <summary>1..4.</summary>
    public int Quarter { get; set; }

    public int Points { get; set; }
    public int Spent { get; set; }
    public int Remaining => Points - Spent;
}

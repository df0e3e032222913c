using Analytics.Domain.Metrics;
using Analytics.Jobs.Recognition;
using Analytics.Web.Access;

namespace Analytics.Web.Recognition;

/// <summary>
/// The award page's suggestions: <see cref="LineSuggestions"/> of the last full month for the viewer's award line (the
/// monthly e-mail digest uses the same computation).
/// </summary>
public sealed class AwardSuggestions(LineSuggestions suggestions, CurrentViewer viewer, TimeProvider clock)
{
    public ReportingPeriod LastFullMonth => LineSuggestions.MonthBefore(clock.GetUtcNow());

    public async Task<SuggestionView> ForViewerAsync(CancellationToken ct) =>
        await suggestions.ForLineAsync(await viewer.AwardLineAsync(ct), LastFullMonth, ct);

    /// <summary>A person's contributions in a period, the most reused items first: the evidence a manager can link.</summary>
    public Task<IReadOnlyList<SuggestedContribution>> ContributionsAsync(int employeeId, ReportingPeriod period, int take, CancellationToken ct) =>
        suggestions.ContributionsAsync(employeeId, period, take, ct);
}

using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Metrics;

namespace Analytics.Jobs.Reports.Monthly;

/// <summary>The largest knowledge flow between two departments of the month, neither inside the other.</summary>
public sealed record TopFlow(string Author, string Reuser, double Events);

/// <summary>
/// The sentences of the report's first sheet, generated from the scorecard alone (issue 18): how the month went in one
/// line, what rose and what fell against the month before (the largest relative moves, told in the indicator's own
/// unit), where (the departments leading and trailing the first practice, the largest cross-team flow) and the
/// comparison with a year before. Every number in them is a cell of the Practices sheet.
/// </summary>
public static class MonthStory
{
    public const int MovesTold = 3;

    public static IReadOnlyList<string> Tell(PracticesScorecard card, TopFlow? topFlow)
    {
        ArgumentNullException.ThrowIfNull(card);
        var month = Name(card.Month);
        var previous = Name(card.PreviousMonth);
        var rate = PracticeCatalog.ActiveContributorRate;
        var sentences = new List<string>();
        var now = card.Current.GetValueOrDefault(rate.Code);
        sentences.Add(card.Previous is { } before
            ? $"In {month} the active-contributor rate was {PracticeFormat.Value(rate, now)} ({PracticeFormat.Change(rate, now, before.GetValueOrDefault(rate.Code))} on {previous})."
            : $"In {month} the active-contributor rate was {PracticeFormat.Value(rate, now)}; there is no comparison with {previous}: "
              + (card.DataBegins is { } begins
                  ? string.Create(CultureInfo.InvariantCulture, $"the data begins on {begins:yyyy-MM-dd}.")
                  : "no activity has been aggregated yet."));

        if (card.Previous is { } previousValues)
        {
            // Ranked by relative move so that shares and counts compare; each is told in its own unit (pts or %).
            var moves = PracticeCatalog.Indicators
                .Select(i => (Indicator: i, Now: card.Current.GetValueOrDefault(i.Code), Before: previousValues.GetValueOrDefault(i.Code)))
                .Where(m => m.Now is not null && m.Before is { } b && b != 0 && m.Now != b)
                .Select(m => (m.Indicator, m.Now, m.Before, Relative: (m.Now!.Value - m.Before!.Value) / Math.Abs(m.Before.Value)))
                .ToList();
            string Told(IEnumerable<(PracticeIndicator Indicator, double? Now, double? Before, double Relative)> list) =>
                string.Join("; ", list.Select(m =>
                    $"{m.Indicator.Name.ToLowerInvariant()} {PracticeFormat.Change(m.Indicator, m.Now, m.Before)} to {PracticeFormat.Value(m.Indicator, m.Now)}"));
            var rose = moves.Where(m => m.Relative > 0).OrderByDescending(m => m.Relative).ThenBy(m => m.Indicator.Code, StringComparer.Ordinal).Take(MovesTold).ToList();
            var fell = moves.Where(m => m.Relative < 0).OrderBy(m => m.Relative).ThenBy(m => m.Indicator.Code, StringComparer.Ordinal).Take(MovesTold).ToList();
            sentences.Add(rose.Count == 0 ? $"Nothing rose against {previous}." : $"Rose most against {previous}: {Told(rose)}.");
            sentences.Add(fell.Count == 0 ? $"Nothing fell against {previous}." : $"Fell most against {previous}: {Told(fell)}.");
        }

        var ranked = card.Departments.Where(d => d.Shown && d.Values.GetValueOrDefault(rate.Code) is not null)
            .OrderByDescending(d => d.Values[rate.Code]).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        if (ranked.Count >= 2)
        {
            sentences.Add($"Where: of {ranked.Count.ToString(CultureInfo.InvariantCulture)} departments shown, {ranked[0].Name} had the highest active-contributor rate "
                + $"({PracticeFormat.Value(rate, ranked[0].Values[rate.Code])}) and {ranked[^1].Name} the lowest ({PracticeFormat.Value(rate, ranked[^1].Values[rate.Code])}).");
        }
        else
        {
            sentences.Add($"Where: fewer than two departments can be shown (groups under {card.MinimumGroupSize.ToString(CultureInfo.InvariantCulture)} people are not), so there is no comparison of departments.");
        }

        if (topFlow is { } flow)
        {
            sentences.Add($"Most knowledge crossed from {flow.Author} to {flow.Reuser}: "
                + $"{flow.Events.ToString("#,0.#", CultureInfo.InvariantCulture)} reuse events.");
        }

        var breadth = PracticeCatalog.FlowBreadth;
        if (card.YearBefore is { } yearBefore)
        {
            sentences.Add($"Against {Name(card.YearBeforeMonth)}: active-contributor rate {PracticeFormat.Change(rate, now, yearBefore.GetValueOrDefault(rate.Code))}, "
                + $"{breadth.Name.ToLowerInvariant()} {PracticeFormat.Change(breadth, card.Current.GetValueOrDefault(breadth.Code), yearBefore.GetValueOrDefault(breadth.Code))}.");
        }
        else
        {
            sentences.Add($"No comparison with {Name(card.YearBeforeMonth)} (n/a): the data does not cover that month.");
        }

        return sentences;
    }

    private static string Name(ReportingPeriod month) => month.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace Analytics.Domain.Metrics;

/// <summary>How a figure reads and how its change is told: shares in percentage points, everything else relative (%).</summary>
public enum TakeawayScale
{
    /// <summary>A whole count, such as contributions.</summary>
    Count,

    /// <summary>A share from 0 to 1, shown in %; its change is in points.</summary>
    Share,

    /// <summary>A ratio or a quantity per head, two decimals.</summary>
    Ratio,
}

/// <summary>
/// A group's figure for the takeaway. <see cref="Shown"/> is false when the group is under the minimum group size (or would
/// reveal one by subtraction): such a group is never named and its value never used.
/// </summary>
public sealed record TakeawayGroup(string Name, double? Value, bool Shown = true);

/// <summary>
/// What a chart's one-line takeaway is made of: the figure of the selected period (<see cref="Now"/>), the figure of the period
/// it is compared with (<see cref="Before"/>, null when there is none: "n/a", never a change from 0), and the groups to name.
/// </summary>
public sealed record TakeawayFigures(string Subject, TakeawayScale Scale, string PeriodName, double? Now, double? Before, string? BeforeName)
{
    /// <summary>The period has not ended: its figure is partial, so no change is told (a month in progress is no fall).</summary>
    public bool InProgress { get; init; }

    public IReadOnlyList<TakeawayGroup> Groups { get; init; } = [];
}

/// <summary>
/// The one sentence above a chart that says what it shows ("Contributions rose 12% since October 2026, to 1,234 in November
/// 2026; most in Engineering."), from the same figures as the chart and its table, so the words cannot disagree with the
/// picture. Honest where the data is not: no figure is "n/a", a period without an earlier one has no change, a period in
/// progress has none either, and a group whose figures are not shown is never named (minimum group size, ADR 1620).
/// </summary>
public static class ChartTakeaway
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Of(TakeawayFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.Now is not { } now)
            return $"{figures.Subject}: n/a in {figures.PeriodName}, nothing to measure.";

        var value = Format(figures.Scale, now);
        var sentence = figures.InProgress
            ? $"{figures.Subject}: {value} so far in {figures.PeriodName}, still in progress (no change until it ends)"
            : Change(figures, now, value);
        return sentence + Groups(figures) + ".";
    }

    /// <summary>
    /// The heatmap's takeaway: the largest drawn cell (author row, reuser column) and how many drawn pairs had no reuse.
    /// NaN cells are not drawn (reuse within a department, ADR 2102) and are not counted. The groups are those of the
    /// flow, which only holds groups whose figures are shown.
    /// </summary>
    public static string OfFlow(IReadOnlyList<string> labels, double[,] values, string periodName, bool crossTeamOnly)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        var what = crossTeamOnly ? "cross-team reuse" : "reuse";
        (int Author, int Reuser, double Events)? top = null;
        int drawn = 0, none = 0;
        for (var r = 0; r < labels.Count; r++)
        {
            for (var c = 0; c < labels.Count; c++)
            {
                var v = values[r, c];
                if (double.IsNaN(v))
                    continue;
                drawn++;
                if (v <= 0)
                    none++;
                else if (top is not { } t || v > t.Events)
                    top = (r, c, v);
            }
        }

        if (top is not { } best)
            return $"No {what} between the departments shown in {periodName}.";
        return $"Most {what} in {periodName}: {labels[best.Reuser]} reused knowledge of {labels[best.Author]} "
            + $"{best.Events.ToString("#,0.#", Invariant)} times; {none.ToString(Invariant)} of {drawn.ToString(Invariant)} pairs had none.";
    }

    public static string Format(TakeawayScale scale, double value) => scale switch
    {
        TakeawayScale.Share => (value * 100).ToString("0.0", Invariant) + "%",
        TakeawayScale.Ratio => value.ToString("0.00", Invariant),
        _ => value.ToString("#,0", Invariant),
    };

    private static string Change(TakeawayFigures f, double now, string value)
    {
        var subject = f.Subject;
        if (f.Before is not { } before || f.BeforeName is null)
            return $"{subject}: {value} in {f.PeriodName}; change n/a, no earlier period in the data";
        if (f.Scale == TakeawayScale.Share)
        {
            var points = Math.Round((now - before) * 100, 1, MidpointRounding.AwayFromZero);
            return points == 0
                ? $"{subject} unchanged since {f.BeforeName}, at {value} in {f.PeriodName}"
                : $"{subject} {(points > 0 ? "rose" : "fell")} {Math.Abs(points).ToString("0.0", Invariant)} points since {f.BeforeName}, to {value} in {f.PeriodName}";
        }

        if (before == 0)
        {
            return now == 0
                ? $"{subject}: none in {f.PeriodName}, none in {f.BeforeName} either"
                : $"{subject}: {value} in {f.PeriodName}, up from none in {f.BeforeName}";
        }

        var percent = Math.Round((now - before) / before * 100, MidpointRounding.AwayFromZero);
        return percent == 0
            ? $"{subject} unchanged since {f.BeforeName}, at {value} in {f.PeriodName}"
            : $"{subject} {(percent > 0 ? "rose" : "fell")} {Math.Abs(percent).ToString("0", Invariant)}% since {f.BeforeName}, to {value} in {f.PeriodName}";
    }

    // Only groups whose figures are shown are ranked and named; when some are not shown the sentence says the ranking is
    // among the others, so "highest in Sales" never claims more than the page shows.
    private static string Groups(TakeawayFigures f)
    {
        var shown = f.Groups.Where(g => g.Shown && g.Value is not null).ToList();
        if (shown.Count == 0)
            return "";
        var among = f.Groups.Any(g => !g.Shown) ? "of the departments shown, " : "";
        var max = shown.Max(g => g.Value!.Value);
        if (f.Scale == TakeawayScale.Count && max <= 0)
            return "";
        var highest = Names(shown.Where(g => g.Value == max));
        var word = f.Scale == TakeawayScale.Count ? "most" : "highest";
        var text = $"; {among}{word} in {highest} ({Format(f.Scale, max)})";
        if (f.Scale != TakeawayScale.Count && shown.Count >= 2)
        {
            var min = shown.Min(g => g.Value!.Value);
            if (min < max)
                text += $", lowest in {Names(shown.Where(g => g.Value == min))} ({Format(f.Scale, min)})";
        }

        return text;
    }

    private static string Names(IEnumerable<TakeawayGroup> groups)
    {
        var names = groups.Select(g => g.Name).ToList();
        return names.Count switch
        {
            1 => names[0],
            2 => $"{names[0]} and {names[1]}",
            _ => $"{names[0]}, {names[1]} and {names.Count - 2} more",
        };
    }
}

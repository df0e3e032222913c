namespace Analytics.Jobs.Aggregation;

/// <summary>A segment of a month's expertise roll-up: the days [First, Last] its rows sum (ADR 2306).</summary>
public readonly record struct DaySpan(DateOnly First, DateOnly Last)
{
    public bool Contains(DateOnly day) => First <= day && day <= Last;
}

/// <summary>
/// Which segments of a month's expertise roll-up a recompute replaces, and which it writes instead (ADR 2306). The stored
/// segments that hold a changed day are replaced; their days and the changed days are collected again, as one segment
/// wherever no kept segment lies between them. So a new day after the month's segments costs one day, a changed day
/// inside a segment costs that segment, and a full recompute writes the month as one segment again.
/// </summary>
public static class ExpertiseSegments
{
    public static (IReadOnlyList<DaySpan> Replaced, IReadOnlyList<DaySpan> Written) Plan(
        IReadOnlyCollection<DaySpan> stored, IReadOnlyCollection<DateOnly> changed)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(changed);
        var replaced = stored.Where(s => changed.Any(s.Contains)).Distinct().OrderBy(s => s.First).ToList();
        var kept = stored.Except(replaced).ToList();
        var pieces = replaced.Concat(changed.Where(d => !replaced.Any(s => s.Contains(d))).Select(d => new DaySpan(d, d)))
            .Distinct().OrderBy(s => s.First).ToList();
        var written = new List<DaySpan>();
        foreach (var piece in pieces)
        {
            if (written.Count > 0 && !kept.Any(k => k.First > written[^1].Last && k.First < piece.First))
                written[^1] = written[^1] with { Last = piece.Last };
            else
                written.Add(piece);
        }

        return (replaced, written);
    }
}

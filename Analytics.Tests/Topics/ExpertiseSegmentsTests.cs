using Analytics.Jobs.Aggregation;

namespace Analytics.Tests.Topics;

/// <summary>Which segments of a month's expertise roll-up a recompute replaces and writes (ADR 2306).</summary>
public sealed class ExpertiseSegmentsTests
{
    private static DateOnly Oct(int day) => new(2026, 10, day);
    private static DaySpan Span(int first, int last) => new(Oct(first), Oct(last));

    [Fact]
    public void A_new_day_after_the_months_segments_is_written_alone_and_replaces_nothing()
    {
        var (replaced, written) = ExpertiseSegments.Plan([Span(1, 26)], [Oct(27)]);
        Assert.Empty(replaced);
        Assert.Equal([Span(27, 27)], written);
    }

    [Fact]
    public void A_changed_day_inside_a_segment_rewrites_that_segment_only()
    {
        var (replaced, written) = ExpertiseSegments.Plan([Span(1, 26), Span(27, 27), Span(28, 28)], [Oct(27)]);
        Assert.Equal([Span(27, 27)], replaced);
        Assert.Equal([Span(27, 27)], written);

        (replaced, written) = ExpertiseSegments.Plan([Span(1, 26), Span(27, 27)], [Oct(5), Oct(12)]);
        Assert.Equal([Span(1, 26)], replaced);
        Assert.Equal([Span(1, 26)], written);
    }

    [Fact]
    public void Changed_days_join_into_one_segment_unless_a_kept_segment_lies_between_them()
    {
        // A full recompute: every day with activity (none on the weekend of the 10th and 11th) becomes one segment.
        var (replaced, written) = ExpertiseSegments.Plan([], [Oct(1), Oct(2), Oct(9), Oct(12), Oct(31)]);
        Assert.Empty(replaced);
        Assert.Equal([Span(1, 31)], written);

        // Over a month of day segments: every one holding a changed day is replaced, all of them joined.
        (replaced, written) = ExpertiseSegments.Plan([Span(1, 20), Span(21, 21), Span(22, 22)], [Oct(3), Oct(21), Oct(22), Oct(23)]);
        Assert.Equal([Span(1, 20), Span(21, 21), Span(22, 22)], replaced);
        Assert.Equal([Span(1, 23)], written);

        // A kept segment between two changed days keeps them apart: nothing is counted twice.
        (replaced, written) = ExpertiseSegments.Plan([Span(1, 20), Span(21, 21), Span(22, 22)], [Oct(21), Oct(25)]);
        Assert.Equal([Span(21, 21)], replaced);
        Assert.Equal([Span(21, 21), Span(25, 25)], written);
    }

    [Fact]
    public void The_written_segments_never_overlap_the_kept_ones_and_cover_every_changed_and_replaced_day()
    {
        var random = new Random(2306);
        for (var round = 0; round < 500; round++)
        {
            // Random disjoint segments of October, and random changed days.
            var stored = new List<DaySpan>();
            for (var day = 1; day <= 31;)
            {
                var length = random.Next(1, 8);
                if (random.Next(3) > 0)
                    stored.Add(Span(day, Math.Min(31, day + length - 1)));
                day += length + random.Next(0, 3);
            }

            var changed = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Oct(random.Next(1, 32))).Distinct().ToList();
            var (replaced, written) = ExpertiseSegments.Plan(stored, changed);

            var kept = stored.Except(replaced).ToList();
            Assert.All(changed, d => Assert.Contains(written, w => w.Contains(d)));
            Assert.All(replaced, r => Assert.Contains(written, w => w.First <= r.First && r.Last <= w.Last));
            Assert.All(written, w => Assert.DoesNotContain(kept, k => k.First <= w.Last && w.First <= k.Last));
            Assert.All(written.Zip(written.Skip(1)), pair => Assert.True(pair.First.Last < pair.Second.First));
            Assert.All(replaced, r => Assert.Contains(changed, r.Contains));
        }
    }
}

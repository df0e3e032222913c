using Analytics.Jobs.Charts;
using SkiaSharp;

namespace Analytics.Tests.Reports;

/// <summary>The one chart helper of every monthly trend: the selected period stands out, the year before is a line, nothing else changes colour.</summary>
public sealed class MonthlyBarChartTests
{
    private static readonly List<(DateOnly Month, double Value)> Months =
        [.. Enumerable.Range(0, 12).Select(i => (new DateOnly(2025, 12, 1).AddMonths(i), 10.0 + i))];

    [Fact]
    public void The_selected_months_are_drawn_in_the_highlight_colour_and_the_others_in_the_bar_colour()
    {
        var plain = Decode(MonthlyBarChart.RenderPng(new MonthlyChart("Contributions per month", "Contributions", Months)));
        var selected = Decode(MonthlyBarChart.RenderPng(new MonthlyChart("Contributions per month", "Contributions", Months)
        {
            SelectedFrom = new DateOnly(2026, 11, 1),
            SelectedTo = new DateOnly(2026, 11, 30),
        }));

        Assert.Equal(0, Count(plain, ChartPalette.Selected));
        Assert.True(Count(selected, ChartPalette.Selected) > 300, "the selected month's bar is not highlighted");
        Assert.True(Count(selected, ChartPalette.Bar) > 10 * Count(selected, ChartPalette.Selected) / 2, "the other months lost their colour");
    }

    [Fact]
    public void The_year_before_is_a_line_only_where_it_has_values()
    {
        var none = Decode(MonthlyBarChart.RenderPng(new MonthlyChart("t", "u", Months) { YearBefore = [.. Months.Select(_ => (double?)null)] }));
        var some = Decode(MonthlyBarChart.RenderPng(new MonthlyChart("t", "u", Months)
        {
            YearBefore = [.. Months.Select((m, i) => i < 6 ? (double?)null : 12)],
        }));

        // Near-black pixels inside the plot area (the frame is black in both; the legend below it is left out).
        Assert.True(Dark(some, 60) > Dark(none, 60) + 200, "no reference line was drawn");
    }

    [Fact]
    public void A_month_before_the_data_reads_na_instead_of_a_zero()
    {
        // Data from 2026-03-15: December to February ended before it; March is partly covered and keeps its value.
        var chart = new MonthlyChart("t", "u", [.. Months.Select(m => (m.Month, 0.0))]) { DataBegins = new DateOnly(2026, 3, 15) };

        var labels = MonthlyBarChart.Labels(chart);

        Assert.Equal(["n/a", "n/a", "n/a", "0"], labels.Take(4));
        Assert.Equal(["0", "0", "0", "0"], MonthlyBarChart.Labels(chart with { DataBegins = null }).Take(4));
    }

    [Fact]
    public void Few_bars_carry_their_value_labels()
    {
        var twelve = new MonthlyChart("t", "u", Months) { Label = v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%" };
        var thirteen = twelve with { Points = [.. Months, (new DateOnly(2026, 12, 1), 10.0)] };

        Assert.Equal(Months.Select(m => m.Value.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%"), MonthlyBarChart.Labels(twelve));
        Assert.All(MonthlyBarChart.Labels(thirteen), l => Assert.Equal("", l));
        // The labels reach the picture: the labelled chart differs from the same bars unlabelled.
        Assert.NotEqual(MonthlyBarChart.RenderPng(twelve), MonthlyBarChart.RenderPng(twelve with { Label = _ => "" }));
    }

    private static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png);

    private static int Count(SKBitmap bitmap, ScottPlot.Color color, int top = 0)
    {
        var count = 0;
        for (var y = top; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red == color.R && p.Green == color.G && p.Blue == color.B)
                    count++;
            }
        return count;
    }

    // Neutral (grey to black) pixels darker than the threshold between the title and the tick labels: text and lines, never the blue or orange bars.
    private static int Dark(SKBitmap bitmap, int threshold)
    {
        var count = 0;
        for (var y = 40; y < bitmap.Height - 70; y++)
            for (var x = 60; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red + p.Green + p.Blue < threshold && Math.Abs(p.Red - p.Blue) < 30)
                    count++;
            }
        return count;
    }
}

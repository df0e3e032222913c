using ScottPlot;

namespace Analytics.Jobs.Charts;

/// <summary>
/// The colours of every chart, web and report: the Okabe-Ito palette (Wong, Nature Methods 2011), told apart by people with
/// any common colour-vision deficiency. Bars are blue, the selected period orange (the pair that stays distinct for all),
/// the reference of a year before a black dashed line, so it reads even in grey print.
/// </summary>
public static class ChartPalette
{
    public static Color Blue { get; } = Color.FromHex("#0072B2");
    public static Color Orange { get; } = Color.FromHex("#E69F00");
    public static Color SkyBlue { get; } = Color.FromHex("#56B4E9");
    public static Color BluishGreen { get; } = Color.FromHex("#009E73");
    public static Color Yellow { get; } = Color.FromHex("#F0E442");
    public static Color Vermillion { get; } = Color.FromHex("#D55E00");
    public static Color ReddishPurple { get; } = Color.FromHex("#CC79A7");
    public static Color Black { get; } = Color.FromHex("#000000");

    /// <summary>Series colours in order, for charts with several series side by side.</summary>
    public static IReadOnlyList<Color> Series { get; } = [Blue, Orange, BluishGreen, Vermillion, ReddishPurple, SkyBlue, Yellow, Black];

    public static Color Bar => Blue;
    public static Color Selected => Orange;
    public static Color Reference => Black;
}

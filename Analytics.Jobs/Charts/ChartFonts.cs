namespace Analytics.Jobs.Charts;

/// <summary>
/// Registers the bundled DejaVu Sans. Without it ScottPlot falls back to a system font, and on a machine
/// with no fonts every label disappears silently (architecture.md).
/// </summary>
public static class ChartFonts
{
    public const string Family = "DejaVu Sans";
    private static readonly Lazy<bool> Registered = new(Register);

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fonts");
        var regular = Path.Combine(folder, "DejaVuSans.ttf");
        var bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular))
            throw new FileNotFoundException("The chart font is missing from the application folder.", regular);
        ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
        return true;
    }
}

namespace Analytics.Jobs.Bench;

/// <summary>The machine's 1/5/15-minute load averages, for the record next to the figures (other work shares the cores).</summary>
public static class LoadAverage
{
    public static string Read()
    {
        const string source = "/proc/loadavg";
        if (!File.Exists(source))
            return "n/a";
        var fields = File.ReadAllText(source).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3 ? string.Join(' ', fields.Take(3)) : "n/a";
    }
}

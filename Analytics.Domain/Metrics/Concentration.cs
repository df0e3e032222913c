namespace Analytics.Domain.Metrics;

public sealed record ConcentrationFigures(int Contributors, double TopShare, double Gini);

/// <summary>How much of the sharing rests on a few people (see <see cref="MetricCatalog.Concentration"/>).</summary>
public static class Concentration
{
    /// <summary>Computes both figures over the people with at least one contribution; zeros are ignored.</summary>
    public static ConcentrationFigures Of(IEnumerable<double> contributionsPerPerson)
    {
        var values = contributionsPerPerson.Where(v => v > 0).OrderBy(v => v).ToArray();
        return new ConcentrationFigures(values.Length, TopShare(values), Gini(values));
    }

    /// <summary>Share of the total held by the top 10% of the values (rounded up, at least one).</summary>
    public static double TopShare(IReadOnlyCollection<double> values)
    {
        var total = values.Sum();
        if (values.Count == 0 || total <= 0)
            return 0;
        var top = Math.Max(1, (int)Math.Ceiling(values.Count * MetricCatalog.TopShareFraction));
        return values.OrderByDescending(v => v).Take(top).Sum() / total;
    }

    /// <summary>Gini coefficient: G = 2·Σ i·x(i) / (n·Σx) − (n+1)/n with x sorted ascending and i from 1.</summary>
    public static double Gini(IReadOnlyCollection<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var n = sorted.Length;
        var total = sorted.Sum();
        if (n == 0 || total <= 0)
            return 0;
        var weighted = 0.0;
        for (var i = 0; i < n; i++)
            weighted += (i + 1) * sorted[i];
        return Math.Max(0, (2 * weighted / (n * total)) - ((n + 1.0) / n));
    }
}

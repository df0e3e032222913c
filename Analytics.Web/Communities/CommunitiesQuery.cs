using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Communities;
using Analytics.Web.Dashboard;
using Microsoft.Extensions.Options;

namespace Analytics.Web.Communities;

/// <summary>
/// The Communities page, its per-community page and its export: <see cref="CommunityHealthQuery"/> with the one
/// minimum group size of pages, API and exports (Privacy:MinimumGroupSize). Aggregates only, the same for HR,
/// leadership and managers (ADR 1621): nothing on these pages names a person.
/// </summary>
public sealed class CommunitiesQuery(CommunityHealthQuery health, IOptions<PrivacyOptions> options)
{
    public int MinimumGroupSize => options.Value.MinimumGroupSize;

    public Task<CommunitiesHealth> AllAsync(ReportingPeriod month, CancellationToken ct) => health.RunAsync(month, MinimumGroupSize, ct);

    /// <summary>One community, disclosed by the same rule over all communities as on the list; null when there is none.</summary>
    public async Task<CommunityHealthRow?> OneAsync(int communityId, ReportingPeriod month, CancellationToken ct) =>
        (await health.RunAsync(month, MinimumGroupSize, ct, onlyCommunity: communityId)).Communities.SingleOrDefault();

    /// <summary>Community health is per month: the page's period must be one (default the last full month).</summary>
    public static bool TryMonth(string? text, TimeProvider clock, out ReportingPeriod month, out string? error)
    {
        if (!DashboardFilters.TryPeriod(text, clock, out month, out error))
            return false;
        if (month.From.Day == 1 && month.To == month.From.AddMonths(1).AddDays(-1))
            return true;
        error = $"'{text}' is not a month: community health is per month, use a month like 2026-10.";
        return false;
    }

    /// <summary>Points of a 12-month sparkline in a <paramref name="width"/> x <paramref name="height"/> box; hidden months break the line.</summary>
    public static IReadOnlyList<string> TrendSegments(IReadOnlyList<CommunityTrendPoint> trend, int width, int height)
    {
        var max = Math.Max(1, trend.Max(t => t.Members ?? 0));
        var step = trend.Count > 1 ? (double)(width - 4) / (trend.Count - 1) : 0;
        var segments = new List<string>();
        var current = new List<string>();
        for (var i = 0; i < trend.Count; i++)
        {
            if (trend[i].Members is not { } members)
            {
                if (current.Count > 0)
                    segments.Add(string.Join(' ', current));
                current.Clear();
                continue;
            }

            var x = 2 + (i * step);
            var y = height - 2 - ((double)members / max * (height - 4));
            current.Add(string.Create(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#}"));
        }

        if (current.Count > 0)
            segments.Add(string.Join(' ', current));
        // A lone month is drawn as a tiny line so it shows.
        return segments.Select(s => s.Contains(' ', StringComparison.Ordinal) ? s : s + " " + s).ToList();
    }

    /// <summary>The trend in words, for the image's text alternative and the table.</summary>
    public static string TrendText(IReadOnlyList<CommunityTrendPoint> trend) =>
        string.Join(", ", trend.Select(t => t.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture) + ": "
            + (t.Members is { } m ? m.ToString(CultureInfo.InvariantCulture) : "not shown")));
}

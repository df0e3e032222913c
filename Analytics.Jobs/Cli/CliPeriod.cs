using System.CommandLine;
using Analytics.Domain.Metrics;

namespace Analytics.Jobs.Cli;

public static class CliPeriod
{
    public static Option<ReportingPeriod> Create(bool required = true) => new("--period")
    {
        Description = "2026-10 (month), 2026-Q4 (quarter), 2026 (year) or 2026-10-01..2026-10-15 (custom).",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (ReportingPeriod.TryParse(text, out var period))
                return period;
            result.AddError($"'{text}' is not a period: use 2026-10, 2026-Q4, 2026 or 2026-10-01..2026-10-15.");
            return null!;
        },
    };
}

using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Metrics;
using Analytics.Jobs.Reports.Monthly;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class ReportCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var output = new Option<FileInfo?>("--out") { Description = "Also write the workbook to this file." };
        var monthly = new Command("monthly", "Generate and store the monthly leadership report (a new version each time).") { period, output };
        monthly.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var chosen = parse.GetValue(period)!;
            if (chosen.WholeMonths().Count() != 1 || chosen.From.Day != 1 || chosen.To != chosen.From.AddMonths(1).AddDays(-1))
            {
                await Console.Error.WriteLineAsync("The monthly report takes a month: --period 2026-10.");
                return 2;
            }

            var month = ReportingPeriod.Month(chosen.From.Year, chosen.From.Month);
            var report = await services.GetRequiredService<MonthlyReportArchive>().GenerateAsync(month, $"cli:{Environment.UserName}", ct);
            if (parse.GetValue(output) is { } file)
                await File.WriteAllBytesAsync(file.FullName, report.Content, ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Stored {report.FileName} (report {report.Id}, version {report.Version}, {report.SizeBytes:N0} bytes)") +
                (parse.GetValue(output) is { } f ? $", written to {f.FullName}" : ""));
            return 0;
        }));
        return new Command("report", "Generate reports.") { monthly };
    }
}

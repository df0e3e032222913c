using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class MetricsCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var by = new Option<string>("--by") { Description = "person or department.", DefaultValueFactory = _ => "department" };
        by.AcceptOnlyFromAmong("person", "department");
        var all = new Option<bool>("--include-unlinked") { Description = "With --by person: also bots and people not linked to an employee." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("metrics", "Sharing metrics of a period by department subtree or by person.") { period, by, all, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var query = services.GetRequiredService<MetricsQuery>();
            var p = parse.GetValue(period)!;
            var inv = CultureInfo.InvariantCulture;
            if (parse.GetValue(by) == "person")
            {
                var people = await query.ByPersonAsync(p, parse.GetValue(all), ct);
                if (parse.GetValue(json))
                {
                    await CliJson.WriteAsync(people);
                    return 0;
                }

                await Console.Out.WriteLineAsync($"{"person",-32} {"dept",-10} {"contrib",8} {"reuse",8} {"x-team",8} {"ratio",6} {"points",8} {"courses",7} {"mentor h",8}");
                foreach (var m in people)
                    await Console.Out.WriteLineAsync(string.Create(inv,
                        $"{m.Name,-32} {m.Department ?? "-",-10} {m.Contributions,8} {m.ReuseReceived,8:0.#} {m.CrossTeamReuseReceived,8:0.#} {Ratio(m.ReuseRatio),6} {m.Points,8:0.#} {m.Completions,7} {m.MentoringHours,8:0.#}"));
                return 0;
            }

            var (company, departments) = await query.ByDepartmentAsync(p, ct);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(new { period = p, company, departments });
                return 0;
            }

            await Console.Out.WriteLineAsync($"{"department",-36} {"heads",6} {"active",6} {"rate",6} {"contrib",8} {"reuse",8} {"x-team",8} {"ratio",6} {"courses",7} {"mentor h",8}");
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"{"Company",-36} {company.Headcount,6} {company.ActiveContributors,6} {Percent(company.ActiveContributorRate),6} {company.Contributions,8} {company.ReuseReceived,8:0.#} {company.CrossTeamReuseReceived,8:0.#} {Ratio(company.ReuseRatio),6} {company.Completions,7} {company.MentoringHours,8:0.#}"));
            foreach (var d in departments)
                await Console.Out.WriteLineAsync(string.Create(inv,
                    $"{new string(' ', 2 * (d.Depth + 1)) + d.Code,-36} {d.Headcount,6} {d.ActiveContributors,6} {Percent(d.ActiveContributorRate),6} {d.Contributions,8} {d.ReuseReceived,8:0.#} {d.CrossTeamReuseReceived,8:0.#} {Ratio(d.ReuseRatio),6} {d.Completions,7} {d.MentoringHours,8:0.#}"));
            return 0;
        }));
        return command;
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0%", CultureInfo.InvariantCulture) : "-";
    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}

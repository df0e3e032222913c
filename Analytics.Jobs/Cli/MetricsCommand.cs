using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
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
        var all = new Option<bool>("--include-unlinked")
        {
            Description = "Also the people found in sources who are not linked to an HR employee (never bots), in a separate table or line.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("metrics", "Sharing metrics of a period by department subtree or by person.") { period, by, all, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var query = services.GetRequiredService<MetricsQuery>();
            var p = parse.GetValue(period)!;
            var inv = CultureInfo.InvariantCulture;
            var reasons = services.GetRequiredService<EmptyResultReasons>();
            var directory = await PeopleDirectoryLoader.LoadAsync(services.GetRequiredService<AnalyticsDbContext>(), ct);
            var withUnlinked = parse.GetValue(all);
            if (parse.GetValue(by) == "person")
            {
                var people = await query.ByPersonAsync(p, Population.Employees, ct);
                var unlinked = withUnlinked ? await query.ByPersonAsync(p, Population.Unlinked, ct) : null;
                if (parse.GetValue(json))
                {
                    if (unlinked is null)
                        await CliJson.WriteAsync(people);
                    else
                        await CliJson.WriteAsync(new { employees = people, unlinked });
                    return 0;
                }

                await WritePeopleAsync(people, people.Count == 0 ? (await reasons.ExplainAsync(p, Population.Employees, directory, ct)).Reason : null);
                if (unlinked is not null)
                {
                    await Console.Out.WriteLineAsync();
                    await Console.Out.WriteLineAsync("Unlinked people: found in sources, not linked to an HR employee, not in any department figure");
                    await WritePeopleAsync(unlinked, unlinked.Count == 0 ? (await reasons.ExplainAsync(p, Population.Unlinked, directory, ct)).Reason : null);
                }

                return 0;
            }

            var (company, departments) = await query.ByDepartmentAsync(p, ct);
            var unlinkedTotals = withUnlinked ? await query.UnlinkedAsync(p, ct) : null;
            var noDirectory = departments.Count == 0
                ? $"No HR directory is loaded: department figures and headcounts need one ({EmptyResultReasons.LoadHrDirectory})."
                : null;
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(new { period = p, company, departments, unlinked = unlinkedTotals, notice = noDirectory });
                return 0;
            }

            if (noDirectory is not null)
                await Console.Out.WriteLineAsync(noDirectory);
            if (company.Contributions == 0 && company.ReuseReceived == 0 && (await reasons.ExplainAsync(p, Population.Employees, directory, ct)).Reason is { } why)
                await Console.Out.WriteLineAsync(why);

            await Console.Out.WriteLineAsync($"{"department",-36} {"heads",6} {"active",6} {"rate",6} {"contrib",8} {"reuse",8} {"x-team",8} {"ratio",6} {"courses",7} {"mentor h",8}");
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"{"Company",-36} {company.Headcount,6} {company.ActiveContributors,6} {Percent(company.ActiveContributorRate),6} {company.Contributions,8} {company.ReuseReceived,8:0.#} {company.CrossTeamReuseReceived,8:0.#} {Ratio(company.ReuseRatio),6} {company.Completions,7} {company.MentoringHours,8:0.#}"));
            foreach (var d in departments)
                await Console.Out.WriteLineAsync(string.Create(inv,
                    $"{new string(' ', 2 * (d.Depth + 1)) + d.Code,-36} {d.Headcount,6} {d.ActiveContributors,6} {Percent(d.ActiveContributorRate),6} {d.Contributions,8} {d.ReuseReceived,8:0.#} {d.CrossTeamReuseReceived,8:0.#} {Ratio(d.ReuseRatio),6} {d.Completions,7} {d.MentoringHours,8:0.#}"));
            if (unlinkedTotals is { } u)
            {
                // Outside the company line on purpose: "heads" here are unlinked people with activity, not an HR headcount.
                await Console.Out.WriteLineAsync(string.Create(inv,
                    $"{"Unlinked (not in Company)",-36} {u.Headcount,6} {u.ActiveContributors,6} {Percent(u.ActiveContributorRate),6} {u.Contributions,8} {u.ReuseReceived,8:0.#} {u.CrossTeamReuseReceived,8:0.#} {Ratio(u.ReuseRatio),6} {u.Completions,7} {u.MentoringHours,8:0.#}"));
                await Console.Out.WriteLineAsync("  unlinked: people found in sources without an HR employee record; heads = those with activity in the period");
            }

            return 0;
        }));
        return command;
    }

    private static async Task WritePeopleAsync(IReadOnlyList<PersonMetrics> people, string? emptyReason)
    {
        var inv = CultureInfo.InvariantCulture;
        await Console.Out.WriteLineAsync($"{"person",-32} {"dept",-10} {"contrib",8} {"reuse",8} {"x-team",8} {"ratio",6} {"points",8} {"courses",7} {"mentor h",8}");
        foreach (var m in people)
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"{m.Name,-32} {m.Department ?? "-",-10} {m.Contributions,8} {m.ReuseReceived,8:0.#} {m.CrossTeamReuseReceived,8:0.#} {Ratio(m.ReuseRatio),6} {m.Points,8:0.#} {m.Completions,7} {m.MentoringHours,8:0.#}"));
        if (emptyReason is not null)
            await Console.Out.WriteLineAsync(emptyReason);
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0%", CultureInfo.InvariantCulture) : "-";
    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}

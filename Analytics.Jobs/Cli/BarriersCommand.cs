using System.CommandLine;
using System.Globalization;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Aggregation;
using Analytics.Jobs.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class BarriersCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var unlinked = new Option<bool>("--include-unlinked")
        {
            Description = "Also the barriers of the people found in sources who are not linked to an HR employee (never bots), as a separate block.",
        };
        var command = new Command("barriers", "Silo departments, concentration, answer rate and stale content of a period.") { period, unlinked, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var query = services.GetRequiredService<BarriersQuery>();
            var p = parse.GetValue(period)!;
            var employees = await query.RunAsync(p, Population.Employees, ct);
            var others = parse.GetValue(unlinked) ? await query.RunAsync(p, Population.Unlinked, ct) : null;
            if (parse.GetValue(json))
            {
                if (others is null)
                    await CliJson.WriteAsync(employees);
                else
                    await CliJson.WriteAsync(new { employees, unlinked = others });
                return 0;
            }

            var reasons = services.GetRequiredService<EmptyResultReasons>();
            var people = await PeopleDirectoryLoader.LoadAsync(services.GetRequiredService<AnalyticsDbContext>(), ct);
            await WriteAsync(employees, (await reasons.ExplainAsync(p, Population.Employees, people, ct)).Reason);
            if (others is not null)
            {
                await Console.Out.WriteLineAsync();
                await WriteAsync(others, (await reasons.ExplainAsync(p, Population.Unlinked, people, ct)).Reason);
            }

            return 0;
        }));
        return command;
    }

    private static async Task WriteAsync(Barriers b, string? emptyReason)
    {
        var inv = CultureInfo.InvariantCulture;
        await Console.Out.WriteLineAsync($"Barriers {b.Period.Label}, over {b.Population.Title()}");
        if (emptyReason is not null)
            await Console.Out.WriteLineAsync(emptyReason);
        await Console.Out.WriteLineAsync(string.Create(inv, $"Concentration: top 10% make {b.Concentration.TopShare:0%} of contributions; Gini {b.Concentration.Gini:0.00} over {b.Concentration.Contributors} contributors"));
        await Console.Out.WriteLineAsync(string.Create(inv,
            $"Answers: {b.Answers.Answered}/{b.Answers.Questions} questions asked by them answered within 7 days ({(b.Answers.Rate is { } rate ? rate.ToString("0%", inv) : "-")}), median {(b.Answers.MedianTimeToFirstAnswer is { } m ? m.TotalHours.ToString("0.#", inv) + " h" : "-")}; {b.Answers.Pending} pending"));
        if (b.Population == Population.Unlinked)
            await Console.Out.WriteLineAsync("Silos: none computed (unlinked people have no department)");
        foreach (var s in b.Departments.Where(s => s.IsSilo))
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"Silo: {s.Code} ({s.Name}): {s.FromOtherDepartments:0}/{s.ReuseOfOwnKnowledge:0} reuse from other departments, {s.OfOtherDepartments:0}/{s.ReuseByOwnPeople:0} of other departments' knowledge"));
        await Console.Out.WriteLineAsync(string.Create(inv, $"Stale content they wrote, reused in the period: {b.StaleItems} items"));
        foreach (var item in b.MostReusedStale.Take(10))
            await Console.Out.WriteLineAsync(string.Create(inv, $"  {item.ReuseRecords,5} reuse  last edit {item.LastEditedAt:yyyy-MM-dd}  {item.Title}"));
    }
}

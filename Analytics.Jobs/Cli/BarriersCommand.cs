using System.CommandLine;
using System.Globalization;
using Analytics.Jobs.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

public static class BarriersCommand
{
    public static Command Create()
    {
        var period = CliPeriod.Create();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("barriers", "Silo departments, concentration, answer rate and stale content of a period.") { period, json };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var b = await services.GetRequiredService<BarriersQuery>().RunAsync(parse.GetValue(period)!, ct);
            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(b);
                return 0;
            }

            var inv = CultureInfo.InvariantCulture;
            await Console.Out.WriteLineAsync($"Barriers {b.Period.Label}");
            await Console.Out.WriteLineAsync(string.Create(inv, $"Concentration: top 10% make {b.Concentration.TopShare:0%} of contributions; Gini {b.Concentration.Gini:0.00} over {b.Concentration.Contributors} contributors"));
            await Console.Out.WriteLineAsync(string.Create(inv,
                $"Answers: {b.Answers.Answered}/{b.Answers.Questions} questions answered within 7 days ({b.Answers.Rate:0%}), median {b.Answers.MedianTimeToFirstAnswer?.TotalHours:0.#} h; {b.Answers.Pending} pending"));
            foreach (var s in b.Departments.Where(s => s.IsSilo))
                await Console.Out.WriteLineAsync(string.Create(inv,
                    $"Silo: {s.Code} ({s.Name}): {s.FromOtherDepartments:0}/{s.ReuseOfOwnKnowledge:0} reuse from other departments, {s.OfOtherDepartments:0}/{s.ReuseByOwnPeople:0} of other departments' knowledge"));
            await Console.Out.WriteLineAsync(string.Create(inv, $"Stale content reused in the period: {b.StaleItems} items"));
            foreach (var item in b.MostReusedStale.Take(10))
                await Console.Out.WriteLineAsync(string.Create(inv, $"  {item.ReuseRecords,5} reuse  last edit {item.LastEditedAt:yyyy-MM-dd}  {item.Title}"));
            return 0;
        }));
        return command;
    }
}

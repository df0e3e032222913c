using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Analytics.Domain.Knowledge;
using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

/// <summary>`analytics top-people --source NAME --type TYPE [--top N] [--json]`: counts to check a connector against its source.</summary>
public static class TopPeopleCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Name of the source system.", Required = true };
        var type = new Option<string>("--type") { Description = "Activity type (asked, answered, upvoted, accepted, viewed...).", Required = true };
        var top = new Option<int>("--top") { Description = "How many ranks to show (ties share a rank).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("top-people",
            "People ranked by one activity type in one source: contributions by the actor, reuse received as the item's author (self-reuse and bots excluded).")
        {
            source, type, top, json,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var typeText = parse.GetRequiredValue(type);
            if (!ActivityTypes.TryParse(typeText, out var activityType))
            {
                await Console.Error.WriteLineAsync($"Unknown activity type '{typeText}'; known: {string.Join(", ", ActivityTypes.All.Select(t => t.Code()))}.");
                return 2;
            }

            var count = parse.GetValue(top);
            if (count < 1)
            {
                await Console.Error.WriteLineAsync("--top must be at least 1.");
                return 2;
            }

            var db = services.GetRequiredService<AnalyticsDbContext>();
            var name = parse.GetRequiredValue(source);
            var found = await db.SourceSystems.AsNoTracking().Where(s => s.Name == name).Select(s => new { s.Id, s.Kind }).SingleOrDefaultAsync(ct);
            if (found is null)
            {
                await Console.Error.WriteLineAsync($"There is no source named '{name}'. {await SourceNames.ListAsync(db, ct)}");
                return 2;
            }

            var query = new TopPeopleQuery(db);
            var produced = await query.TypesOfAsync(found.Id, ct);
            if (!produced.Contains(activityType))
            {
                // Not an error of the data: the source simply never produces this type (a Git repository has no 'asked').
                await Console.Out.WriteLineAsync(produced.Count == 0
                    ? $"Source '{name}' ({found.Kind}) has no activities yet."
                    : $"Source '{name}' ({found.Kind}) has no '{activityType.Code()}' activities; its types are: {string.Join(", ", produced.Select(t => t.Code()))}.");
                return 0;
            }

            var (ranked, totals) = await query.RunWithTotalsAsync(found.Id, activityType, count, ct);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(ranked, Json));
                return 0;
            }

            var withCommits = totals.Commits is not null;
            await Console.Out.WriteLineAsync($"{"rank",4}  {"count",10}  " + (withCommits ? $"{"commits",7}  " : "") + "person");
            foreach (var person in ranked)
            {
                var accounts = string.Join(", ", person.Accounts.Select(a => $"{a.ExternalId} ({a.DisplayName})"));
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{person.Rank,4}  {person.Value,10:0.##}  ") + (withCommits ? string.Create(CultureInfo.InvariantCulture, $"{person.Commits,7}  ") : "")
                    + $"{person.DisplayName} [person {person.PersonId}; accounts {accounts}]");
            }

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"total {totals.Value:0.##} over {totals.People} people ({totals.Activities} '{activityType.Code()}' activities stored)")
                + (withCommits ? string.Create(CultureInfo.InvariantCulture, $", {totals.Commits} commits") : "")
                + (totals.Commits is not null ? "; a commit counts once per file it touches" : ""));
            return 0;
        }));
        return command;
    }
}

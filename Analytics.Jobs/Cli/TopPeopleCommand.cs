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
            var sourceId = await db.SourceSystems.AsNoTracking().Where(s => s.Name == name).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
            if (sourceId is null)
            {
                await Console.Error.WriteLineAsync($"There is no source named '{name}'.");
                return 2;
            }

            var ranked = await new TopPeopleQuery(db).RunAsync(sourceId.Value, activityType, count, ct);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(ranked, Json));
                return 0;
            }

            await Console.Out.WriteLineAsync($"{"rank",4}  {"count",10}  person");
            foreach (var person in ranked)
            {
                var accounts = string.Join(", ", person.Accounts.Select(a => $"{a.ExternalId} ({a.DisplayName})"));
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{person.Rank,4}  {person.Value,10:0.##}  {person.DisplayName} [person {person.PersonId}; accounts {accounts}]"));
            }

            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using Analytics.Domain.People;
using Analytics.Jobs.Ingestion.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Jobs.Cli;

/// <summary>`analytics identities ...`: HR's decisions on who is who, until the pages exist.</summary>
public static class IdentitiesCommand
{
    public static Command Create()
    {
        var command = new Command("identities", "Review identity suggestions and merge or split persons.");
        command.Subcommands.Add(Suggestions());
        command.Subcommands.Add(Decide("accept", "Accept a suggestion: link the person to the employee.", (r, id, by, ct) => r.AcceptAsync(id, by, ct)));
        command.Subcommands.Add(Decide("reject", "Reject a suggestion; it is not suggested again.", (r, id, by, ct) => r.RejectAsync(id, by, ct)));
        command.Subcommands.Add(Decide("accept-match", "Accept a person match: merge the two persons (the one linked to an employee remains).",
            (r, id, by, ct) => r.AcceptMatchAsync(id, by, ct)));
        command.Subcommands.Add(Decide("reject-match", "Reject a person match: the two persons stay apart and are not suggested again.",
            (r, id, by, ct) => r.RejectMatchAsync(id, by, ct)));
        command.Subcommands.Add(Merge());
        command.Subcommands.Add(Split());
        return command;
    }

    private static Option<string> ByOption() => new("--by")
    {
        Description = "Who decides (recorded in the audit trail). Default: cli:USER.",
        DefaultValueFactory = _ => $"cli:{Environment.UserName}",
    };

    private static Command Suggestions()
    {
        var all = new Option<bool>("--all") { Description = "Also list accepted and rejected suggestions." };
        var command = new Command("suggestions", "List identity suggestions (pending by default), likeliest first.") { all };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var resolver = services.GetRequiredService<IdentityResolver>();
            var status = parse.GetValue(all) ? (SuggestionStatus?)null : SuggestionStatus.Pending;
            var list = await resolver.ListAsync(status, ct);
            var matches = await resolver.ListMatchesAsync(status, ct);
            if (list.Count == 0 && matches.Count == 0)
            {
                await Console.Out.WriteLineAsync("No suggestions.");
                return 0;
            }

            if (list.Count > 0)
            {
                await Console.Out.WriteLineAsync("Person -> employee (decide with `identities accept|reject ID`):");
                await Console.Out.WriteLineAsync("id\tscore\tstatus\tperson\temployee\treason");
                foreach (var s in list)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{s.Id}\t{s.Score:0.00}\t{s.Status.ToString().ToLowerInvariant()}\t{s.PersonId} {s.PersonName}\t{s.EmployeeNumber} {s.EmployeeName}\t{s.Reason}"));
                }
            }

            if (matches.Count > 0)
            {
                await Console.Out.WriteLineAsync("Person = person, to merge (decide with `identities accept-match|reject-match ID`):");
                await Console.Out.WriteLineAsync("id\tscore\tstatus\tperson\tother person\tevidence");
                foreach (var m in matches)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{m.Id}\t{m.Score:0.00}\t{m.Status.ToString().ToLowerInvariant()}\t{m.PersonId} {m.PersonName}\t{m.OtherPersonId} {m.OtherPersonName}\t{m.Reason}"));
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Decide(string name, string description, Func<IdentityResolver, int, string, CancellationToken, Task> decide)
    {
        var by = ByOption();
        var id = new Argument<int>("suggestion-id") { Description = "The id shown by `identities suggestions`." };
        var command = new Command(name, description) { id, by };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await decide(services.GetRequiredService<IdentityResolver>(), parse.GetValue(id), parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Suggestion {parse.GetValue(id)}: {name.Replace("-match", "", StringComparison.Ordinal)}ed."));
            return 0;
        }));
        return command;
    }

    private static Command Merge()
    {
        var by = ByOption();
        var target = new Argument<int>("person-id") { Description = "The person that remains." };
        var other = new Argument<int>("other-person-id") { Description = "The person whose accounts move to the first." };
        var command = new Command("merge", "Merge two persons: the accounts of the second move to the first; their days are re-aggregated.") { target, other, by };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            await services.GetRequiredService<IdentityResolver>().MergeAsync(parse.GetValue(target), parse.GetValue(other), parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Person {parse.GetValue(other)} merged into {parse.GetValue(target)}."));
            return 0;
        }));
        return command;
    }

    private static Command Split()
    {
        var by = ByOption();
        var account = new Argument<int>("account-id") { Description = "The source account that gets a person of its own." };
        var command = new Command("split", "Give a source account a new person of its own (undo a wrong merge or link).") { account, by };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async services =>
        {
            var person = await services.GetRequiredService<IdentityResolver>().SplitAsync(parse.GetValue(account), parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Account {parse.GetValue(account)} now belongs to new person {person}."));
            return 0;
        }));
        return command;
    }
}

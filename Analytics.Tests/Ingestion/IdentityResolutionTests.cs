using Analytics.Domain.People;
using Analytics.Jobs.Ingestion.ActivityFiles;
using Analytics.Jobs.Ingestion.HrDirectory;
using Analytics.Jobs.Ingestion.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Ingestion;

public sealed class IdentityResolutionTests
{
    private static async Task<IngestionHost> WithDirectoryAndActivitiesAsync()
    {
        var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture("hr-directory-v1.csv"), source: "hr");
        await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), source: "wiki");
        await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-identities.csv"), source: "chat");
        return host;
    }

    private static Task<int?> EmployeeOfAccountAsync(IngestionHost host, string source, string externalId) =>
        host.QueryAsync(db => db.SourceAccounts.Where(a => a.SourceSystem!.Name == source && a.ExternalId == externalId)
            .Select(a => a.Person!.EmployeeId).SingleAsync());

    private static Task<int> EmployeeIdAsync(IngestionHost host, string number) =>
        host.QueryAsync(db => db.Employees.Where(e => e.EmployeeNumber == number).Select(e => e.Id).SingleAsync());

    [Fact]
    public async Task Accounts_with_an_employee_email_link_automatically_whatever_the_case()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();

        Assert.Equal(await EmployeeIdAsync(host, "E2"), await EmployeeOfAccountAsync(host, "wiki", "alice.smith@example.com"));
        Assert.Equal(await EmployeeIdAsync(host, "E3"), await EmployeeOfAccountAsync(host, "wiki", "bob@example.com"));
        Assert.Equal(await EmployeeIdAsync(host, "E5"), await EmployeeOfAccountAsync(host, "wiki", "dave@example.com"));
    }

    [Fact]
    public async Task An_alias_links_to_the_same_person_as_the_primary_email()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();

        var persons = await host.QueryAsync(db => db.SourceAccounts
            .Where(a => a.Email == "asmith@example.com" || a.Email == "alice.smith@example.com")
            .Select(a => a.PersonId).Distinct().ToListAsync());
        Assert.Single(persons);
    }

    [Fact]
    public async Task Accounts_seen_before_the_directory_link_when_it_is_imported()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(ActivityCsvConnector.KindName, IngestionHost.Fixture("activities-good.csv"), source: "wiki");
        Assert.Null(await EmployeeOfAccountAsync(host, "wiki", "bob@example.com"));

        await host.ImportAsync(HrDirectoryImporter.KindName, IngestionHost.Fixture("hr-directory-v1.csv"), source: "hr");

        Assert.Equal(await EmployeeIdAsync(host, "E3"), await EmployeeOfAccountAsync(host, "wiki", "bob@example.com"));
        // One person per employee: the two Alice accounts of the wiki share it.
        Assert.Equal(await EmployeeIdAsync(host, "E2"), await EmployeeOfAccountAsync(host, "wiki", "alice.smith@example.com"));
    }

    [Fact]
    public async Task A_name_only_match_is_a_suggestion_until_accepted()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        Assert.Null(await EmployeeOfAccountAsync(host, "wiki", "carol"));
        var carolEmployee = await EmployeeIdAsync(host, "E4");
        var suggestion = await host.QueryAsync(db => db.IdentitySuggestions
            .SingleAsync(s => s.EmployeeId == carolEmployee && s.Person!.Accounts.Any(a => a.ExternalId == "carol")));
        Assert.Equal(SuggestionStatus.Pending, suggestion.Status);
        Assert.Contains("same display name", suggestion.Reason, StringComparison.Ordinal);
        await host.QueryAsync(db => db.DirtyDays.ExecuteDeleteAsync());

        await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IdentityResolver>().AcceptAsync(suggestion.Id, "hr@example.com", default);
            return 0;
        });

        Assert.Equal(carolEmployee, await EmployeeOfAccountAsync(host, "wiki", "carol"));
        var decided = await host.QueryAsync(db => db.IdentitySuggestions.SingleAsync(s => s.Id == suggestion.Id));
        Assert.Equal((SuggestionStatus.Accepted, "hr@example.com"), (decided.Status, decided.DecidedBy));
        // Carol edited on 2026-10-03 (UTC): that day is re-aggregated with her department.
        Assert.Equal([new DateOnly(2026, 10, 3)], await host.QueryAsync(db => db.DirtyDays.Select(d => d.Day).ToListAsync()));
        Assert.True(await host.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "identity.suggestion-accepted")));
    }

    [Fact]
    public async Task A_rejected_suggestion_leaves_the_person_unlinked_and_is_not_made_again()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var suggestion = await host.QueryAsync(db => db.IdentitySuggestions.FirstAsync(s => s.Person!.Accounts.Any(a => a.ExternalId == "carol")));

        var again = await host.InScopeAsync(async sp =>
        {
            var resolver = sp.GetRequiredService<IdentityResolver>();
            await resolver.RejectAsync(suggestion.Id, "hr@example.com", default);
            return await resolver.SuggestAllAsync(default);
        });

        Assert.Equal(0, again);
        Assert.Null(await EmployeeOfAccountAsync(host, "wiki", "carol"));
        Assert.Equal(SuggestionStatus.Rejected, (await host.QueryAsync(db => db.IdentitySuggestions.SingleAsync(s => s.Id == suggestion.Id))).Status);
    }

    [Fact]
    public async Task Names_in_another_word_order_and_usernames_like_an_email_become_suggestions()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var suggestions = await host.QueryAsync(db => db.IdentitySuggestions
            .Select(s => new { Account = s.Person!.Accounts.Select(a => a.ExternalId).First(), s.Employee!.EmployeeNumber, s.Reason })
            .ToListAsync());

        Assert.Contains(suggestions, s => s is { Account: "bjones", EmployeeNumber: "E3" } && s.Reason.Contains("another word order", StringComparison.Ordinal));
        Assert.Contains(suggestions, s => s is { Account: "grace", EmployeeNumber: "E1" } && s.Reason.Contains("username", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accepting_a_suggestion_for_an_employee_who_has_a_person_merges_into_it()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var bob = await EmployeeIdAsync(host, "E3");
        var suggestion = await host.QueryAsync(db => db.IdentitySuggestions.SingleAsync(s => s.EmployeeId == bob && s.Person!.Accounts.Any(a => a.ExternalId == "bjones")));

        await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IdentityResolver>().AcceptAsync(suggestion.Id, "hr", default);
            return 0;
        });

        var persons = await host.QueryAsync(db => db.SourceAccounts.Where(a => a.ExternalId == "bjones" || a.ExternalId == "bob@example.com")
            .Select(a => a.PersonId).Distinct().ToListAsync());
        Assert.Single(persons);
        Assert.Equal(bob, await EmployeeOfAccountAsync(host, "chat", "bjones"));
    }

    [Fact]
    public async Task Merge_and_split_move_accounts_and_mark_their_days_dirty()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var bobPerson = await host.QueryAsync(db => db.SourceAccounts.Where(a => a.ExternalId == "bob@example.com").Select(a => a.PersonId).SingleAsync());
        var carol = await host.QueryAsync(db => db.SourceAccounts.SingleAsync(a => a.ExternalId == "carol"));
        await host.QueryAsync(db => db.DirtyDays.ExecuteDeleteAsync());

        await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IdentityResolver>().MergeAsync(bobPerson, carol.PersonId, "hr", default);
            return 0;
        });

        Assert.Equal(bobPerson, await host.QueryAsync(db => db.SourceAccounts.Where(a => a.Id == carol.Id).Select(a => a.PersonId).SingleAsync()));
        Assert.Equal([new DateOnly(2026, 10, 3)], await host.QueryAsync(db => db.DirtyDays.Select(d => d.Day).ToListAsync()));
        await host.QueryAsync(db => db.DirtyDays.ExecuteDeleteAsync());

        var newPerson = await host.InScopeAsync(sp => sp.GetRequiredService<IdentityResolver>().SplitAsync(carol.Id, "hr", default));

        Assert.NotEqual(bobPerson, newPerson);
        var split = await host.QueryAsync(db => db.Persons.SingleAsync(p => p.Id == newPerson));
        Assert.Null(split.EmployeeId);
        Assert.Equal(newPerson, await host.QueryAsync(db => db.SourceAccounts.Where(a => a.Id == carol.Id).Select(a => a.PersonId).SingleAsync()));
        Assert.Equal([new DateOnly(2026, 10, 3)], await host.QueryAsync(db => db.DirtyDays.Select(d => d.Day).ToListAsync()));
    }

    [Fact]
    public async Task Days_of_reuse_received_are_marked_when_the_author_changes_person()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var alice = await host.QueryAsync(db => db.SourceAccounts.SingleAsync(a => a.ExternalId == "alice.smith@example.com"));
        await host.QueryAsync(db => db.DirtyDays.ExecuteDeleteAsync());

        await host.InScopeAsync(sp => sp.GetRequiredService<IdentityResolver>().SplitAsync(alice.Id, "hr", default));

        // Alice acted on 10-01 and 10-03; others reused her items on 10-01 (view) and 10-05 (accepted answer).
        Assert.Equal(
            [new(2026, 10, 1), new(2026, 10, 3), new(2026, 10, 5)],
            await host.QueryAsync(db => db.DirtyDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync()));
    }

    [Fact]
    public async Task Bots_are_flagged_never_linked_and_never_suggested()
    {
        await using var host = await WithDirectoryAndActivitiesAsync();
        var bots = await host.QueryAsync(db => db.Persons.Where(p => p.IsBot)
            .Select(p => new { p.EmployeeId, Accounts = p.Accounts.Select(a => a.ExternalId).ToList(), Suggestions = db.IdentitySuggestions.Count(s => s.PersonId == p.Id) })
            .ToListAsync());

        Assert.Equal(["ci-bot", "dependabot[bot]"], bots.SelectMany(b => b.Accounts).Order(StringComparer.Ordinal));
        Assert.All(bots, b => Assert.Null(b.EmployeeId));
        Assert.All(bots, b => Assert.Equal(0, b.Suggestions));
        Assert.True(await host.QueryAsync(db => db.SourceAccounts.Where(a => a.ExternalId == "ci-bot").Select(a => a.IsBot).SingleAsync()));
    }
}

using Analytics.Domain.People;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Ingestion.Identity;
using Analytics.Tests.Connectors.Git;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Ingestion;

/// <summary>
/// Issue 22 part 2 on a real Git history: a name that changed on one e-mail ("曾楚杰", later "Chujie Zeng"), the same
/// name on two e-mails, and one e-mail local part at two domains. Persons are suggested for merging with the evidence,
/// never merged by themselves; display names follow the most recent activity.
/// </summary>
public sealed class PersonMatchTests : IDisposable
{
    private readonly GitRepositoryBuilder _repo = new();

    public PersonMatchTests()
    {
        _repo.Write("docs/a.md", "1\n").Commit("曾楚杰", "zcj@old.example", "Start");
        _repo.Write("docs/a.md", "2\n").Commit("Chujie Zeng", "zcj@old.example", "Same e-mail, romanised name");
        _repo.Write("docs/b.md", "3\n").Commit("Chujie Zeng", "chujie.zeng@new.example", "Same name, new e-mail");
        _repo.Write("docs/c.md", "4\n").Commit("_anna", "adamtsa@uni.example", "Old handle");
        _repo.Write("docs/c.md", "5\n").Commit("Anna Damtsa", "adamtsa@uni.example", "Real name");
        _repo.Write("docs/d.md", "6\n").Commit("A. Damtsa", "adamtsa@company.example", "Work address");
    }

    public void Dispose() => _repo.Dispose();

    private static Task<List<PersonMatchSuggestion>> MatchesAsync(IngestionHost host) =>
        host.QueryAsync(db => db.PersonMatchSuggestions.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    private static Task<int> PersonOfAsync(IngestionHost host, string email) =>
        host.QueryAsync(db => db.SourceAccounts.Where(a => a.Email == email).Select(a => a.PersonId).SingleAsync());

    [Fact]
    public async Task Names_follow_the_most_recent_commit_not_the_oldest()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path, source: "docs");

        var names = await host.QueryAsync(db => db.SourceAccounts.AsNoTracking()
            .Select(a => new { a.Email, Account = a.DisplayName, Person = a.Person!.DisplayName }).ToDictionaryAsync(a => a.Email!));
        Assert.Equal(("Chujie Zeng", "Chujie Zeng"), (names["zcj@old.example"].Account, names["zcj@old.example"].Person));
        Assert.Equal(("Anna Damtsa", "Anna Damtsa"), (names["adamtsa@uni.example"].Account, names["adamtsa@uni.example"].Person));

        // Reading the history again from the start does not bring the old names back.
        await host.ImportAsync(GitConnector.KindName, _repo.Path, source: "docs", fromStart: true);
        Assert.Equal("Chujie Zeng", await host.QueryAsync(db => db.Persons.Where(p => p.Accounts.Any(a => a.Email == "zcj@old.example")).Select(p => p.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task Same_name_or_same_local_part_is_suggested_with_evidence_and_not_merged()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path, source: "docs");

        var matches = await MatchesAsync(host);
        Assert.Equal(2, matches.Count);
        var zeng = Assert.Single(matches, m => m.Reason.StartsWith("same display name \"chujie zeng\"", StringComparison.Ordinal));
        Assert.Contains("docs account zcj@old.example (Chujie Zeng)", zeng.Reason, StringComparison.Ordinal);
        Assert.Contains("docs account chujie.zeng@new.example (Chujie Zeng)", zeng.Reason, StringComparison.Ordinal);
        var anna = Assert.Single(matches, m => m.Reason.StartsWith("same e-mail local part \"adamtsa\"", StringComparison.Ordinal));
        Assert.All(matches, m => Assert.Equal(SuggestionStatus.Pending, m.Status));
        // Suggested only: still two persons each.
        Assert.NotEqual(await PersonOfAsync(host, "zcj@old.example"), await PersonOfAsync(host, "chujie.zeng@new.example"));
        Assert.NotEqual(await PersonOfAsync(host, "adamtsa@uni.example"), await PersonOfAsync(host, "adamtsa@company.example"));
        Assert.Equal(new[] { anna.PersonId, anna.OtherPersonId }.Order(), new[] { await PersonOfAsync(host, "adamtsa@uni.example"), await PersonOfAsync(host, "adamtsa@company.example") }.Order());
    }

    [Fact]
    public async Task Two_user_ids_of_one_system_with_one_name_are_not_suggested()
    {
        // Stack Exchange display names are not unique: two users called "Rob" in one dump are two people.
        var dump = Path.Combine(Path.GetTempPath(), "analytics-tests", $"se-names-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dump);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dump, "Users.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <users>
                  <row Id="1" Reputation="1" CreationDate="2020-01-01T00:00:00.000" DisplayName="Rob" />
                  <row Id="2" Reputation="1" CreationDate="2020-01-02T00:00:00.000" DisplayName="Rob" />
                </users>
                """);
            await File.WriteAllTextAsync(Path.Combine(dump, "Posts.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <posts>
                  <row Id="10" PostTypeId="1" CreationDate="2020-02-01T00:00:00.000" OwnerUserId="1" LastActivityDate="2020-02-01T00:00:00.000" Title="One" />
                  <row Id="11" PostTypeId="1" CreationDate="2020-02-02T00:00:00.000" OwnerUserId="2" LastActivityDate="2020-02-02T00:00:00.000" Title="Two" />
                </posts>
                """);
            await using var host = await IngestionHost.CreateAsync();
            await host.ImportAsync("stackexchange", dump, source: "qa");

            Assert.Equal(2, await host.QueryAsync(db => db.Persons.CountAsync(p => p.DisplayName == "Rob")));
            Assert.Empty(await MatchesAsync(host));
        }
        finally
        {
            Directory.Delete(dump, recursive: true);
        }
    }

    [Fact]
    public async Task Accepting_merges_the_two_persons_and_rejecting_keeps_them_apart_for_good()
    {
        await using var host = await IngestionHost.CreateAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path, source: "docs");
        var matches = await MatchesAsync(host);
        var zeng = matches.Single(m => m.Reason.Contains("chujie zeng", StringComparison.Ordinal));
        var anna = matches.Single(m => m.Reason.Contains("adamtsa", StringComparison.Ordinal));

        await host.InScopeAsync(async s =>
        {
            var resolver = s.GetRequiredService<IdentityResolver>();
            await resolver.AcceptMatchAsync(zeng.Id, "hr:test", CancellationToken.None);
            await resolver.RejectMatchAsync(anna.Id, "hr:test", CancellationToken.None);
            return 0;
        });

        Assert.Equal(await PersonOfAsync(host, "zcj@old.example"), await PersonOfAsync(host, "chujie.zeng@new.example"));
        Assert.Equal("Chujie Zeng", await host.QueryAsync(db => db.Persons.Where(p => p.Id == zeng.PersonId).Select(p => p.DisplayName).SingleAsync()));
        Assert.NotEqual(await PersonOfAsync(host, "adamtsa@uni.example"), await PersonOfAsync(host, "adamtsa@company.example"));

        // A later import with a new commit suggests nothing already decided.
        _repo.Write("docs/e.md", "7\n").Commit("A. Damtsa", "adamtsa@company.example", "More");
        _repo.Write("docs/f.md", "8\n").Commit("Newcomer", "new@else.example", "Hello");
        await host.ImportAsync(GitConnector.KindName, _repo.Path, source: "docs");
        var after = await MatchesAsync(host);
        Assert.Equal(2, after.Count);
        Assert.Equal(SuggestionStatus.Rejected, after.Single(m => m.Id == anna.Id).Status);
        Assert.Equal(2, await host.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action.StartsWith("identity.match-"))));
    }
}

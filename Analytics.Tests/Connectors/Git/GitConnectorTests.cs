using Analytics.Domain.Knowledge;
using Analytics.Domain.Sources;
using Analytics.Jobs.Connectors.Git;
using Analytics.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors.Git;

public sealed class GitConnectorTests : IDisposable
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";
    private const string Bot = "49699333+dependabot[bot]@users.noreply.github.com";
    private readonly GitRepositoryBuilder _repo = new();
    private readonly Dictionary<string, string> _commits = [];

    public GitConnectorTests()
    {
        _repo.Write(".mailmap", "Alice Smith <alice@example.com> <alice@old.example>\n")
            .Write("README.md", "# Handbook\n").Write("docs/guide.md", "Guide\n").Write("src/app.cs", "class App {}\n");
        _commits["add"] = _repo.Commit("Alice Smith", Alice, "Add handbook");
        _repo.Write("docs/guide.md", "Guide v2\n");
        _commits["mailmapped"] = _repo.Commit("Alice Old", "alice@old.example", "Edit guide from an old laptop");
        _repo.Write("docs/guide.md", "Guide v3\n").Write("docs/faq.md", "FAQ\n").Write("src/app.cs", "class App { }\n");
        _commits["pair"] = _repo.Commit("Bob", Bob, "FAQ\n\nPaired on it.\n\nCo-authored-by: Dan Lee <dan@example.com>\nCo-authored-by: Alice <alice@old.example>");
        _repo.Git("checkout", "-q", "-b", "feature");
        _repo.Write("README.md", "# Handbook\nMore\n");
        _commits["branch"] = _repo.Commit("Carol", "carol@example.com", "Readme on a branch");
        _repo.Git("checkout", "-q", "main");
        _repo.Write("docs/guide.md", "Guide v4\n");
        _commits["bot"] = _repo.Commit("dependabot[bot]", Bot, "Bump links");
        _repo.Git("merge", "-q", "--no-ff", "--no-commit", "feature");
        _repo.Write("docs/faq.md", "FAQ, edited while merging\n");
        _commits["merge"] = _repo.Commit("Merger", "merger@example.com", "Merge feature");
    }

    public void Dispose() => _repo.Dispose();

    private static Task<IngestionHost> HostAsync() => IngestionHost.CreateAsync();

    private static string Event(string sha, string path, string account) => $"{sha}:{path}:{account}";

    [Fact]
    public async Task Each_non_merge_commit_credits_its_author_on_each_documentation_file_it_touches()
    {
        await using var host = await HostAsync();
        var result = await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var events = (await ConnectorFixtures.ActivitiesAsync(host)).Select(a => a.EventId).Order(StringComparer.Ordinal).ToList();
        string[] expected =
        [
            Event(_commits["add"], "README.md", Alice), Event(_commits["add"], "docs/guide.md", Alice),
            Event(_commits["mailmapped"], "docs/guide.md", Alice),
            Event(_commits["pair"], "docs/faq.md", Alice), Event(_commits["pair"], "docs/faq.md", Bob), Event(_commits["pair"], "docs/faq.md", "dan@example.com"),
            Event(_commits["pair"], "docs/guide.md", Alice), Event(_commits["pair"], "docs/guide.md", Bob), Event(_commits["pair"], "docs/guide.md", "dan@example.com"),
            Event(_commits["branch"], "README.md", "carol@example.com"),
            Event(_commits["bot"], "docs/guide.md", Bot),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), events);
        Assert.Equal((11, 11, 0), (result.Read, result.Inserted, result.Rejected));
    }

    [Fact]
    public async Task A_rename_is_an_edit_under_the_new_path_and_the_file_keeps_its_author()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("docs/setup.md", "How to set up the build, step by step.\nOne.\nTwo.\nThree.\n");
        var added = repo.Commit("Alice Smith", Alice, "Setup page");
        repo.Git("mv", "docs/setup.md", "docs/getting-started.md");
        repo.Write("docs/getting-started.md", "How to set up the build, step by step.\nOne.\nTwo.\nThree.\nFour.\n");
        var renamed = repo.Commit("Bob", Bob, "Rename the setup page");
        await using var host = await HostAsync();

        await host.ImportAsync(GitConnector.KindName, repo.Path);

        var activities = (await ConnectorFixtures.ActivitiesAsync(host)).OrderBy(a => a.EventId, StringComparer.Ordinal).Select(a => (a.EventId, a.Type)).ToList();
        Assert.Equal(
            new[] { (Event(added, "docs/setup.md", Alice), ActivityType.Authored), (Event(renamed, "docs/getting-started.md", Bob), ActivityType.Edited) }
                .OrderBy(a => a.Item1, StringComparer.Ordinal),
            activities);
        var item = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == "docs/getting-started.md"));
        Assert.Equal(Alice, item.AuthorAccount!.ExternalId);
    }

    [Fact]
    public async Task A_commit_adding_a_file_is_authored_and_later_commits_are_edits_at_the_author_date_in_utc()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var added = await ConnectorFixtures.ActivityAsync(host, Event(_commits["add"], "docs/guide.md", Alice));
        Assert.Equal((ActivityType.Authored, new DateTime(2026, 10, 1, 7, 0, 0)), (added.Type, added.OccurredAt));
        var edited = await ConnectorFixtures.ActivityAsync(host, Event(_commits["pair"], "docs/guide.md", Bob));
        Assert.Equal((ActivityType.Edited, new DateTime(2026, 10, 1, 9, 0, 0)), (edited.Type, edited.OccurredAt));
        var item = await host.QueryAsync(db => db.KnowledgeItems.Include(i => i.AuthorAccount).SingleAsync(i => i.ExternalId == "docs/guide.md"));
        Assert.Equal(("file", Alice, "docs"), (item.Kind, item.AuthorAccount!.ExternalId, item.Topics));
    }

    [Fact]
    public async Task Merge_commits_are_not_contributions_even_when_they_change_files()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var activities = await ConnectorFixtures.ActivitiesAsync(host);
        Assert.DoesNotContain(activities, a => a.EventId.StartsWith(_commits["merge"], StringComparison.Ordinal));
        Assert.False(await host.QueryAsync(db => db.SourceAccounts.AnyAsync(a => a.ExternalId == "merger@example.com")));
    }

    [Fact]
    public async Task Mailmap_maps_old_identities_of_authors_and_co_authors()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var accounts = await host.QueryAsync(db => db.SourceAccounts.OrderBy(a => a.ExternalId).Select(a => a.ExternalId).ToListAsync());
        Assert.Equal([Bot, Alice, Bob, "carol@example.com", "dan@example.com"], accounts);
        var alice = await host.QueryAsync(db => db.SourceAccounts.SingleAsync(a => a.ExternalId == Alice));
        Assert.Equal(("Alice Smith", Alice), (alice.DisplayName, alice.Email));
        Assert.Equal(Alice, (await ConnectorFixtures.ActivityAsync(host, Event(_commits["mailmapped"], "docs/guide.md", Alice))).Actor);
    }

    [Fact]
    public async Task Co_authored_by_trailers_give_each_co_author_the_same_activities()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var pair = (await ConnectorFixtures.ActivitiesAsync(host)).Where(a => a.EventId.StartsWith(_commits["pair"], StringComparison.Ordinal)).ToList();
        Assert.Equal(6, pair.Count);
        foreach (var person in new[] { Alice, Bob, "dan@example.com" })
        {
            Assert.Equal([("docs/faq.md", ActivityType.Authored), ("docs/guide.md", ActivityType.Edited)],
                pair.Where(a => a.Actor == person).Select(a => (Item: a.Item!, a.Type)).OrderBy(x => x.Item, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Bot_commits_are_kept_on_accounts_flagged_as_bots()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var bot = await host.QueryAsync(db => db.SourceAccounts.Include(a => a.Person).SingleAsync(a => a.ExternalId == Bot));
        Assert.True(bot.IsBot);
        Assert.True(bot.Person!.IsBot);
        Assert.False(await host.QueryAsync(db => db.SourceAccounts.AnyAsync(a => a.ExternalId != Bot && a.IsBot)));
    }

    [Theory]
    [InlineData("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com", true)]
    [InlineData("dependabot-preview", "support@dependabot.com", true)]
    [InlineData("Renovate Bot", "bot@renovateapp.com", true)]
    [InlineData("Alice Abbot", "alice.abbot@example.com", false)]
    public void Bot_detection_of_git_authors(string name, string email, bool expected) =>
        Assert.Equal(expected, GitConnector.IsBot(name, email));

    [Fact]
    public async Task A_second_import_reads_only_the_commits_after_the_cursor()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);
        var same = await host.ImportAsync(GitConnector.KindName, _repo.Path);
        _repo.Write("docs/new.md", "New\n");
        var next = _repo.Commit("Bob", Bob, "New page");

        var newer = await host.ImportAsync(GitConnector.KindName, _repo.Path);

        Assert.Equal((0, 0), (same.Read, same.Inserted));
        Assert.Equal((1, 1, 0), (newer.Read, newer.Inserted, newer.Duplicates));
        Assert.Equal(ActivityType.Authored, (await ConnectorFixtures.ActivityAsync(host, Event(next, "docs/new.md", Bob))).Type);
        Assert.Equal(next, await host.QueryAsync(db => db.SourceSystems.Select(s => s.Cursor).SingleAsync()));
    }

    [Fact]
    public async Task Reimporting_the_same_history_from_the_start_adds_nothing()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, _repo.Path);
        var counts = await host.CountsAsync();

        var again = await host.ImportAsync(GitConnector.KindName, _repo.Path, fromStart: true);

        Assert.Equal((11, 0, 11), (again.Read, again.Inserted, again.Duplicates));
        Assert.Equal(counts, await host.CountsAsync());
    }

    [Fact]
    public async Task A_force_pushed_rewrite_adds_the_rewritten_commit_once_and_keeps_the_old_one()
    {
        await using var host = await HostAsync();
        _repo.Write("docs/new.md", "New\n");
        var original = _repo.Commit("Bob", Bob, "New page");
        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        // Rewrite the last commit (new sha), and drop the old one from the object store as a force push and gc would.
        _repo.GitAs("Bob", Bob, "2026-10-02T09:00:00+02:00", "commit", "-q", "--amend", "-m", "New page, reworded");
        var rewritten = _repo.Head();
        _repo.Git("reflog", "expire", "--expire=now", "--all");
        _repo.Git("gc", "-q", "--prune=now");

        var afterRewrite = await host.ImportAsync(GitConnector.KindName, _repo.Path);
        var again = await host.ImportAsync(GitConnector.KindName, _repo.Path, fromStart: true);

        Assert.NotEqual(original, rewritten);
        Assert.Equal((12, 1, 11), (afterRewrite.Read, afterRewrite.Inserted, afterRewrite.Duplicates));
        Assert.Equal((12, 0), (again.Read, again.Inserted));
        var events = (await ConnectorFixtures.ActivitiesAsync(host)).Select(a => a.EventId).ToList();
        Assert.Contains(Event(original, "docs/new.md", Bob), events);
        Assert.Contains(Event(rewritten, "docs/new.md", Bob), events);
        Assert.Equal(13, events.Count);
    }

    [Fact]
    public async Task A_bare_clone_gives_the_same_activities_as_the_working_repository()
    {
        await using var working = await HostAsync();
        await using var bare = await HostAsync();
        var barePath = _repo.Path + ".git";
        _repo.Git("clone", "-q", "--bare", _repo.Path, barePath);
        try
        {
            await working.ImportAsync(GitConnector.KindName, _repo.Path);
            var result = await bare.ImportAsync(GitConnector.KindName, barePath);

            Assert.Equal(11, result.Inserted);
            Assert.Equal(
                (await ConnectorFixtures.ActivitiesAsync(working)).Select(a => (a.EventId, a.Type, a.Actor)),
                (await ConnectorFixtures.ActivitiesAsync(bare)).Select(a => (a.EventId, a.Type, a.Actor)));
        }
        finally
        {
            Directory.Delete(barePath, recursive: true);
        }
    }

    [Fact]
    public async Task Include_globs_choose_the_files()
    {
        await using var host = await HostAsync();
        await host.ImportAsync(GitConnector.KindName, GitLocation.Format(_repo.Path, ["src/**"]));

        var items = await host.QueryAsync(db => db.KnowledgeItems.Select(i => i.ExternalId).ToListAsync());
        Assert.Equal(["src/app.cs"], items);
        Assert.Equal(4, (await ConnectorFixtures.ActivitiesAsync(host)).Count); // added by Alice, edited by Bob with Dan and Alice
    }

    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "deep/er/Notes.MD", true)]
    [InlineData("docs/**", "docs/a/b.png", true)]
    [InlineData("docs/**", "src/docs/x.md.bak", false)]
    [InlineData("doc/*.rst", "doc/a/b.rst", false)]
    [InlineData("**/adr/*.md", "adr/0001.md", true)]
    [InlineData("*.adoc", "src/app.cs", false)]
    public void Path_globs_match_like_gitignore(string glob, string path, bool expected) =>
        Assert.Equal(expected, new PathGlob([glob]).Matches(path));

    [Fact]
    public async Task A_co_author_trailer_without_an_email_is_rejected_and_the_author_still_credited()
    {
        await using var host = await HostAsync();
        _repo.Write("README.md", "# Handbook v2\n");
        var sha = _repo.Commit("Bob", Bob, "Readme\n\nCo-authored-by: just a name");

        var result = await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var rejection = Assert.Single(await host.QueryAsync(db => db.Rejections.ToListAsync()));
        Assert.Equal($"commit {sha}", rejection.Location);
        Assert.Equal("Co-authored-by trailer without 'Name <email>': 'just a name'; the co-author is not credited", rejection.Reason);
        Assert.Equal(ActivityType.Edited, (await ConnectorFixtures.ActivityAsync(host, Event(sha, "README.md", Bob))).Type);
        Assert.Equal(1, result.Rejected);
    }

    [Fact]
    public async Task A_rename_edits_the_new_path_and_a_deletion_is_an_edit()
    {
        await using var host = await HostAsync();
        _repo.Git("mv", "docs/guide.md", "docs/handbook.md");
        _repo.Git("rm", "-q", "README.md");
        var sha = _repo.Commit("Bob", Bob, "Rename the guide, drop the readme");

        await host.ImportAsync(GitConnector.KindName, _repo.Path);

        var commit = (await ConnectorFixtures.ActivitiesAsync(host)).Where(a => a.EventId.StartsWith(sha, StringComparison.Ordinal))
            .Select(a => (Item: a.Item!, a.Type)).OrderBy(x => x.Item, StringComparer.Ordinal);
        // Issue 22: a rename is one edit under the new path (before: an edit of the old path and an authoring of the new).
        Assert.Equal([("README.md", ActivityType.Edited), ("docs/handbook.md", ActivityType.Edited)], commit);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_repository_fails_the_run()
    {
        await using var host = await HostAsync();
        var folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"plain-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.ImportAsync(GitConnector.KindName, folder));
            Assert.Contains("is not a git repository", error.Message, StringComparison.Ordinal);
            Assert.Equal(SyncRunStatus.Failed, (await host.QueryAsync(db => db.SyncRuns.SingleAsync())).Status);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}

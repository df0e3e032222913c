using Analytics.Domain.Persistence;
using Analytics.Jobs.Connectors.Git;
using Analytics.Jobs.Connectors.MediaWiki;
using Analytics.Jobs.Connectors.Slack;
using Analytics.Jobs.Connectors.StackExchange;
using Analytics.Tests.Connectors.Git;
using Analytics.Tests.Connectors.StackExchange;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors;

/// <summary>
/// Issue 22: every connector's import summary says how many records it read and did not import by design, and why, in
/// the CLI output and on the stored run (SyncRun.Skipped, SyncRunSkips), on the real-format fixtures.
/// </summary>
public sealed class SkippedRecordsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"cli-skip-{Guid.NewGuid():N}");

    public SkippedRecordsTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string DatabasePath => Path.Combine(_folder, "cli.db");

    private Task<CliRun> RunAsync(params string[] args) => InProcessCli.RunAsync([.. args, "--db", DatabasePath]);

    private async Task<(long Skipped, Dictionary<string, long> ByReason)> StoredAsync()
    {
        await using var db = DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False");
        var run = await db.SyncRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
        var byReason = await db.SyncRunSkips.AsNoTracking().Where(k => k.SyncRunId == run.Id).ToDictionaryAsync(k => k.Reason, k => k.Count);
        return (run.Skipped, byReason);
    }

    private static void AssertLine(string output, long count, string reason) =>
        Assert.Contains($"{count,8}  {reason}", output, StringComparison.Ordinal);

    [Fact]
    public async Task MediaWiki_counts_the_revisions_of_redirect_pages()
    {
        // export-0.11.xml: page 102 "Onboarding" is a redirect with one revision (1005); the other six revisions are imported.
        var (exit, output) = await RunAsync("import", "mediawiki", ConnectorFixtures.Path("mediawiki", "export-0.11.xml"), "--source", "wiki");

        Assert.Equal(0, exit);
        Assert.Contains(", skipped 1.", output, StringComparison.Ordinal);
        AssertLine(output, 1, MediaWikiConnector.SkipRedirect);
        var (skipped, byReason) = await StoredAsync();
        Assert.Equal(1, skipped);
        Assert.Equal(new Dictionary<string, long> { [MediaWikiConnector.SkipRedirect] = 1 }, byReason);
    }

    [Fact]
    public async Task Slack_counts_system_and_bot_messages_and_reactions_to_ones_own_message()
    {
        // general/2026-10-01.json: a channel_join, a bot_message, a channel_purpose, and Alice's "+1" on her own message;
        // general/2026-10-02.json: a user message with a bot_id.
        var (exit, output) = await RunAsync("import", "slack", ConnectorFixtures.Path("slack", "export"), "--source", "chat");

        Assert.Equal(0, exit);
        var expected = new Dictionary<string, long>
        {
            [SlackConnector.SkipBot] = 2,
            ["system messages (channel_join): membership, channel settings, pins, reminders, deleted-message placeholders"] = 1,
            ["system messages (channel_purpose): membership, channel settings, pins, reminders, deleted-message placeholders"] = 1,
            [SlackConnector.SkipOwnReaction] = 1,
        };
        Assert.Contains(", skipped 5.", output, StringComparison.Ordinal);
        foreach (var (reason, count) in expected)
            AssertLine(output, count, reason);
        var (skipped, byReason) = await StoredAsync();
        Assert.Equal(5, skipped);
        Assert.Equal(expected, byReason);
    }

    [Fact]
    public async Task Stack_Exchange_counts_votes_history_rows_and_posts_it_does_not_import()
    {
        // votes: two accept votes (Id 5, 8) and two votes of other types (Id 4 down-vote, Id 7 favourite).
        var (exit, output) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes"), "--source", "qa");

        Assert.Equal(0, exit);
        Assert.Contains("read 16, inserted 15, duplicates 0, rejected 1, skipped 4.", output, StringComparison.Ordinal);
        AssertLine(output, 2, "accept votes (they date the acceptance, counted once from the question's accepted answer)");
        AssertLine(output, 2, "votes that are not reuse (down-votes, favourites, close and reopen, bounties, spam flags...)");
        Assert.Equal(4, (await StoredAsync()).Skipped);

        // core: one post of type 6 (a moderator nomination), not knowledge.
        (exit, output) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("core"), "--source", "core");
        Assert.Equal(0, exit);
        AssertLine(output, 1, StackExchangeConnector.SkipPostType);
        Assert.Equal(1, (await StoredAsync()).ByReason[StackExchangeConnector.SkipPostType]);
    }

    [Fact]
    public async Task Git_counts_merge_commits_and_commits_outside_the_include_globs()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("docs/a.md", "a\n");
        repo.Commit("Alice", "alice@example.com", "Docs");
        repo.Write("src/app.cs", "class App {}\n");
        repo.Commit("Bob", "bob@example.com", "Code only");
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write("docs/b.md", "b\n");
        repo.Commit("Carol", "carol@example.com", "More docs");
        repo.Git("checkout", "-q", "main");
        repo.Write("docs/a.md", "a2\n");
        repo.Commit("Alice", "alice@example.com", "Edit docs");
        repo.Git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");

        var (exit, output) = await RunAsync("import", "git", repo.Path, "--source", "code", "--include", "docs/**");

        Assert.Equal(0, exit);
        Assert.Contains("read 3, inserted 3, duplicates 0, rejected 0, skipped 2.", output, StringComparison.Ordinal);
        AssertLine(output, 1, GitConnector.SkipMerge);
        AssertLine(output, 1, GitConnector.SkipNoFile);
        var (skipped, byReason) = await StoredAsync();
        Assert.Equal(2, skipped);
        Assert.Equal(new Dictionary<string, long> { [GitConnector.SkipMerge] = 1, [GitConnector.SkipNoFile] = 1 }, byReason);

        // A re-import that reads nothing new counts no merge again.
        var (again, second) = await RunAsync("import", "git", repo.Path, "--source", "code", "--include", "docs/**");
        Assert.Equal(0, again);
        Assert.Contains("read 0, inserted 0, duplicates 0, rejected 0.", second, StringComparison.Ordinal);
        Assert.Contains("already imported", second, StringComparison.Ordinal);
    }
}

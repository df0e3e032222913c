using Analytics.Domain.Persistence;
using Analytics.Tests.Connectors.Git;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Analytics.Tests.Connectors;

/// <summary>`analytics import mediawiki|git|slack PATH --source NAME` as a user types it.</summary>
public sealed class ConnectorCliTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"cli-conn-{Guid.NewGuid():N}");

    public ConnectorCliTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string DatabasePath => Path.Combine(_folder, "cli.db");

    private Task<CliRun> RunAsync(params string[] args) => InProcessCli.RunAsync([.. args, "--db", DatabasePath]);

    private AnalyticsDbContext Open() => DatabaseRegistration.CreateContext(DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False");

    [Fact]
    public async Task Import_mediawiki_prints_the_summary()
    {
        var (exit, output) = await RunAsync("import", "mediawiki", ConnectorFixtures.Path("mediawiki", "export-0.3.xml"), "--source", "wiki");

        Assert.Equal(0, exit);
        Assert.Contains("read 6, inserted 5, duplicates 0, rejected 1.", output, StringComparison.Ordinal);
        Assert.Contains("export-0.3.xml:64: revision 20", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_slack_accepts_an_export_folder()
    {
        var (exit, output) = await RunAsync("import", "slack", ConnectorFixtures.Path("slack", "export"), "--source", "chat");

        Assert.Equal(0, exit);
        Assert.Contains("inserted 11,", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_git_stores_the_include_globs_with_the_source_and_sync_reuses_them()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("README.md", "r\n").Write("src/a.cs", "a\n").Write("src/b.cs", "b\n");
        repo.Commit("Alice", "alice@example.com", "Start");

        var (exit, output) = await RunAsync("import", "git", repo.Path, "--source", "code", "--include", "src/**", "--include", "*.txt");
        var (syncExit, syncOutput) = await RunAsync("sync", "--source", "code");

        Assert.Equal((0, 0), (exit, syncExit));
        Assert.Contains("inserted 2,", output, StringComparison.Ordinal);
        Assert.Contains("read 0, inserted 0", syncOutput, StringComparison.Ordinal);
        await using var db = Open();
        Assert.Equal($"{repo.Path}|include=src/**;*.txt", await db.SourceSystems.Select(s => s.Location).SingleAsync());
        Assert.Equal(["src/a.cs", "src/b.cs"], await db.KnowledgeItems.OrderBy(i => i.ExternalId).Select(i => i.ExternalId).ToListAsync());
    }

    [Fact]
    public async Task Import_git_of_a_missing_folder_exits_with_2()
    {
        var (exit, _) = await RunAsync("import", "git", Path.Combine(_folder, "nowhere"), "--source", "code");

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Top_people_of_a_git_source_reports_commits_and_totals()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("docs/a.md", "a\n").Write("docs/b.md", "b\n").Write("docs/c.md", "c\n");
        repo.Commit("Alice", "alice@example.com", "Three pages in one commit");
        repo.Write("docs/d.md", "d\n");
        repo.Commit("Bob", "bob@example.com", "One page");
        repo.Write("docs/e.md", "e\n");
        repo.Commit("Bob", "bob@example.com", "Another page");
        await RunAsync("import", "git", repo.Path, "--source", "docs");

        var (exit, output) = await RunAsync("top-people", "--source", "docs", "--type", "authored");

        Assert.Equal(0, exit);
        Assert.Contains("rank       count  commits  person", output, StringComparison.Ordinal);
        Assert.Contains("   1           3        1  Alice [person", output, StringComparison.Ordinal);
        Assert.Contains("   2           2        2  Bob [person", output, StringComparison.Ordinal);
        Assert.Contains("total 5 over 2 people (5 'authored' activities stored), 3 commits", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_summary_says_bot_activity_is_stored_but_not_counted()
    {
        using var repo = new GitRepositoryBuilder();
        repo.Write("docs/a.md", "a\n").Commit("Alice", "alice@example.com", "Page");
        repo.Write("docs/a.md", "b\n").Commit("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", "Bump");

        var (exit, output) = await RunAsync("import", "git", repo.Path, "--source", "docs");

        Assert.Equal(0, exit);
        Assert.Contains("Stored but not counted: 1 activities of 1 bot accounts (49699333+dependabot[bot]@users.noreply.github.com 1); metrics, points and leaderboards exclude bots.",
            output, StringComparison.Ordinal);
    }
}

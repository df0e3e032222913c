using System.Text.Json;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Connectors.StackExchange;

/// <summary>`analytics import stackexchange` and `analytics top-people` as a user types them.</summary>
public sealed class StackExchangeCliTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"se-cli-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private Task<CliRun> RunAsync(params string[] args) => InProcessCli.RunAsync([.. args, "--db", Path.Combine(_folder, "cli.db")]);

    [Fact]
    public async Task Import_of_a_dump_folder_then_top_people_as_a_table_and_as_json()
    {
        var (exit, output) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes"), "--source", "qa");
        Assert.Equal(0, exit);
        Assert.Contains("read 16, inserted 15, duplicates 0, rejected 1, skipped 4.", output, StringComparison.Ordinal);
        Assert.Contains("Votes.xml row Id=6: post 999 is not in Posts.xml", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync("top-people", "--source", "qa", "--type", "upvoted");
        Assert.Equal(0, exit);
        Assert.Contains("Bo Answerer [person", output, StringComparison.Ordinal);
        Assert.Contains("accounts 2 (Bo Answerer)]", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync("top-people", "--source", "qa", "--type", "upvoted", "--top", "1", "--json");
        Assert.Equal(0, exit);
        // Log lines of the host (per the test folder's appsettings) may come first: the JSON starts at the line "[".
        var lines = output.Split('\n');
        using var json = JsonDocument.Parse(string.Join('\n', lines.SkipWhile(l => l.TrimEnd() != "[")));
        var only = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(1, only.GetProperty("rank").GetInt32());
        Assert.Equal(2, only.GetProperty("value").GetDouble());
        Assert.Equal("2", only.GetProperty("accounts")[0].GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task Top_people_refuses_an_unknown_type_or_source()
    {
        await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("core"), "--source", "qa");
        var original = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        try
        {
            Assert.Equal(2, (await RunAsync("top-people", "--source", "qa", "--type", "liked")).Exit);
            Assert.Equal(2, (await RunAsync("top-people", "--source", "nope", "--type", "asked")).Exit);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("Unknown activity type 'liked'", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("There is no source named 'nope'. Existing sources: qa (stackexchange).", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_people_with_a_type_the_source_never_produces_says_so()
    {
        await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("core"), "--source", "qa");

        var (exit, output) = await RunAsync("top-people", "--source", "qa", "--type", "completed");

        Assert.Equal(0, exit);
        Assert.Contains("Source 'qa' (stackexchange) has no 'completed' activities; its types are: ", output, StringComparison.Ordinal);
        Assert.Contains("asked", output, StringComparison.Ordinal);
    }
}

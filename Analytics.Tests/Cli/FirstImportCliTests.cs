using System.Text.Json;
using Analytics.Tests.Connectors.StackExchange;
using Analytics.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Analytics.Tests.Cli;

/// <summary>
/// Issue 22: a user with an export and no HR directory yet. The employee views say why they are empty; the unlinked
/// people found in the export are ranked and measured apart (--include-unlinked), never mixed with employees.
/// </summary>
public sealed class FirstImportCliTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "analytics-tests", $"first-import-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Assert.Equal(0, (await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes"), "--source", "qa")).Exit);
        Assert.Equal(0, (await RunAsync("aggregate")).Exit);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private Task<CliRun> RunAsync(params string[] args) => InProcessCli.RunAsync([.. args, "--db", Path.Combine(_folder, "cli.db")]);

    // Log lines of the host may come first: the JSON starts at the first line that opens an object.
    private static JsonDocument Json(string output) =>
        JsonDocument.Parse(string.Join('\n', output.Split('\n').SkipWhile(l => l.TrimEnd() != "{")));

    [Fact]
    public async Task Leaderboard_without_an_HR_directory_explains_the_empty_employee_board_and_ranks_the_unlinked_apart()
    {
        var (exit, output) = await RunAsync("leaderboard", "--period", "2020", "--include-unlinked");

        Assert.Equal(0, exit);
        var (employees, unlinked) = (output[..output.IndexOf("Unlinked people", StringComparison.Ordinal)], output[output.IndexOf("Unlinked people", StringComparison.Ordinal)..]);
        Assert.Contains("No employees yet: no HR directory is loaded (load one with `analytics import hr-directory", employees, StringComparison.Ordinal);
        Assert.Contains("3 people found in sources have activity in 2020", employees, StringComparison.Ordinal);
        Assert.DoesNotContain("Bo Answerer", employees, StringComparison.Ordinal);
        Assert.Contains("Bo Answerer", unlinked, StringComparison.Ordinal);
        Assert.Contains("Ada Asker", unlinked, StringComparison.Ordinal);
        Assert.DoesNotContain("Community", output, StringComparison.Ordinal); // a bot is never ranked, in either table
        Assert.DoesNotContain("aggregate", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync("leaderboard", "--period", "2020", "--include-unlinked", "--json");
        Assert.Equal(0, exit);
        using var json = Json(output);
        Assert.Empty(json.RootElement.GetProperty("employees").GetProperty("rows").EnumerateArray());
        Assert.Equal(3, json.RootElement.GetProperty("unlinked").GetProperty("rows").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("unlinked").GetProperty("emptyReason").ValueKind);
    }

    [Fact]
    public async Task Empty_results_say_why_in_words()
    {
        var (_, outside) = await RunAsync("leaderboard", "--period", "2024");
        Assert.Contains("No activity in 2024: the aggregated activity runs from 2020-02-01 to 2020-04-01.", outside, StringComparison.Ordinal);

        var (_, departments) = await RunAsync("metrics", "--period", "2020", "--include-unlinked");
        Assert.Contains("No HR directory is loaded: department figures and headcounts need one", departments, StringComparison.Ordinal);
        Assert.Contains("Unlinked (not in Company)", departments, StringComparison.Ordinal);

        var (_, people) = await RunAsync("metrics", "--period", "2020", "--by", "person", "--include-unlinked");
        var (employeeTable, unlinkedTable) = (people[..people.IndexOf("Unlinked people", StringComparison.Ordinal)], people[people.IndexOf("Unlinked people", StringComparison.Ordinal)..]);
        Assert.Contains("No employees yet", employeeTable, StringComparison.Ordinal);
        Assert.Contains("Bo Answerer", unlinkedTable, StringComparison.Ordinal);
        Assert.DoesNotContain("Community", people, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Barriers_compute_every_figure_over_one_population()
    {
        var (exit, output) = await RunAsync("barriers", "--period", "2020", "--include-unlinked", "--json");

        Assert.Equal(0, exit);
        using var json = Json(output);
        var employees = json.RootElement.GetProperty("employees");
        var unlinked = json.RootElement.GetProperty("unlinked");
        // Before: the answer rate counted every question while concentration counted no one.
        Assert.Equal(0, employees.GetProperty("concentration").GetProperty("contributors").GetInt32());
        Assert.Equal(0, employees.GetProperty("answers").GetProperty("questions").GetInt32());
        Assert.Equal(3, unlinked.GetProperty("concentration").GetProperty("contributors").GetInt32());
        Assert.Equal(3, unlinked.GetProperty("answers").GetProperty("questions").GetInt32());
    }

    [Fact]
    public async Task The_same_export_under_a_second_source_name_is_refused_unless_forced()
    {
        var original = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        int exit;
        try
        {
            (exit, _) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes") + "/", "--source", "qa-again");
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        Assert.Contains("Source 'qa' (stackexchange) already imports ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("Import it with --source qa", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--force", errors.ToString(), StringComparison.Ordinal);
        var (_, top) = await RunAsync("top-people", "--source", "qa", "--type", "upvoted");
        Assert.Contains("total 3 over 2 people", top, StringComparison.Ordinal); // nothing was stored twice

        var (forced, output) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes"), "--source", "qa-again", "--force");
        Assert.Equal(0, forced);
        Assert.Contains("into source 'qa-again' (run", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reimport_that_reads_nothing_says_the_export_is_already_imported()
    {
        var (exit, output) = await RunAsync("import", "stackexchange", StackExchangeFixture.Dump("votes"), "--source", "qa");

        Assert.Equal(0, exit);
        Assert.Contains("read 0, inserted 0", output, StringComparison.Ordinal);
        Assert.Contains("Nothing new: this export is already imported into source 'qa' (its stored cursor is at the end). To read it all again, add --from-start", output, StringComparison.Ordinal);
    }
}

namespace Analytics.Tests.Support;

/// <summary>
/// The in-process command line (ADR 2034): settings given as a child's environment reach the run and nothing else, and
/// runs beside each other each get their own output.
/// </summary>
public sealed class InProcessCliTests
{
    private const string Setting = "Retention__RawActivityMonths";

    [Fact]
    public async Task Settings_reach_their_run_only_and_runs_side_by_side_keep_their_output_apart()
    {
        // A database per run: a purge holds the retention lock of its database.
        var databases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TestDatabase.CreateAsync()));
        var keepForever = new Dictionary<string, string> { [Setting] = "0" };

        var runs = await Task.WhenAll(databases.Select((database, i) => i % 2 == 0
            ? InProcessCli.RunAsync(keepForever, "purge", "--dry-run", "--db", database.Path)
            : InProcessCli.RunAsync("purge", "--dry-run", "--db", database.Path)));
        foreach (var database in databases)
            await database.DisposeAsync();

        Assert.All(runs, r => Assert.True(r.Exit == 0, r.Error));
        // Each run's output holds its own answer and not the other's: with 0 months nothing is purged, with the default
        // (24 months) the empty database has nothing before the cut-off.
        Assert.All(runs.Where((_, i) => i % 2 == 0), r =>
        {
            Assert.Contains("Nothing purged.\nHeld back: Retention:RawActivityMonths is 0 (keep forever).\n", r.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Would purge", r.Output, StringComparison.Ordinal);
        });
        Assert.All(runs.Where((_, i) => i % 2 == 1), r =>
        {
            Assert.Contains("Would purge 0 raw activities before", r.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Nothing purged", r.Output, StringComparison.Ordinal);
        });
        Assert.Null(Environment.GetEnvironmentVariable(Setting));
    }

    [Fact]
    public async Task Standard_error_is_the_runs_own_and_both_streams_are_kept_in_order()
    {
        var run = await InProcessCli.RunAsync("no-such-verb");

        Assert.NotEqual(0, run.Exit);
        Assert.Contains("no-such-verb", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-verb", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.Error.Trim(), run.Both, StringComparison.Ordinal);
    }
}

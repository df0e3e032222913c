using System.CommandLine;

namespace Analytics.Jobs.Cli;

/// <summary>The `analytics` command line: one file per verb, registered here.</summary>
public static class AnalyticsCli
{
    /// <param name="settings">
    /// Configuration on top of appsettings and the environment (keys such as "Ingestion:BatchSize"), for a run inside
    /// another process, whose environment is shared by everything else it runs (the tests' in-process runs).
    /// </param>
    public static RootCommand Build(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var root = new AnalyticsRootCommand(settings ?? new Dictionary<string, string?>(), "Knowledge-sharing analytics: database, imports, aggregation, reports.");
        root.Options.Add(CliOptions.Database);
        root.Options.Add(CliOptions.Provider);
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(SeedDemoCommand.Create());
        root.Subcommands.Add(SqlScriptCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(IdentitiesCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(AggregateCommand.Create());
        root.Subcommands.Add(LeaderboardCommand.Create());
        root.Subcommands.Add(MetricsCommand.Create());
        root.Subcommands.Add(ExplainPointsCommand.Create());
        root.Subcommands.Add(BarriersCommand.Create());
        root.Subcommands.Add(CloseMonthCommand.Create());
        root.Subcommands.Add(RecomputeCommand.Create());
        root.Subcommands.Add(TopPeopleCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(PurgeCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }
}

/// <summary>The root command and the configuration its run adds to appsettings and the environment.</summary>
internal sealed class AnalyticsRootCommand(IReadOnlyDictionary<string, string?> settings, string description) : RootCommand(description)
{
    public IReadOnlyDictionary<string, string?> Settings { get; } = settings;
}

using System.CommandLine;
using Analytics.Domain.Persistence;

namespace Analytics.Jobs.Cli;

public static class CliOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = "SQLite file path, or a SQL Server connection string with --provider SqlServer. Default: the database the web app uses.",
        Recursive = true,
    };

    public static readonly Option<DatabaseProvider?> Provider = new("--provider")
    {
        Description = "Sqlite or SqlServer. Default: Database:Provider from configuration (Sqlite).",
        Recursive = true,
    };

    /// <summary>
    /// Turns --db and --provider into configuration keys, so they override appsettings and environment alike, on top of
    /// the settings the command line was built with (<see cref="AnalyticsCli.Build"/>).
    /// </summary>
    public static Dictionary<string, string?> ToConfiguration(ParseResult parse)
    {
        var values = parse.RootCommandResult.Command is AnalyticsRootCommand root
            ? new Dictionary<string, string?>(root.Settings, StringComparer.Ordinal)
            : new Dictionary<string, string?>(StringComparer.Ordinal);
        var provider = parse.GetValue(Provider);
        if (provider is not null)
            values[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] = provider.ToString();

        var db = parse.GetValue(Database);
        if (!string.IsNullOrWhiteSpace(db))
        {
            values[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"] =
                (provider ?? DatabaseProvider.Sqlite) == DatabaseProvider.Sqlite && !db.Contains('=', StringComparison.Ordinal)
                    ? $"Data Source={Path.GetFullPath(db)}"
                    : db;
        }

        return values;
    }
}
